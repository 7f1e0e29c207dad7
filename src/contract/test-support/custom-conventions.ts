/**
 * A made-up API's conventions, unlike the Partner API's in every field: wrong keys are 403 "E_KEY";
 * validation errors are 422 {code: "VALIDATION", message}; legacy errors carry no message. Shared by
 * the parser's tests and the checks' tests, so both judge the same declaration.
 */
export const CUSTOM_API = {
  'x-pacer-auth': { missing: { status: 401 }, wrong: { status: 403, bodyContains: 'E_KEY' } },
  'x-pacer-error-shapes': {
    validation: { status: 422, const: { code: 'VALIDATION' }, required: ['message'] },
    business: {
      required: ['code', 'message'],
      pattern: { code: '^E_[A-Z]+$' },
      exceptions: [{ when: { code: 'E_LEGACY' }, absent: ['message'] }],
    },
  },
};
