import { compileContract } from '../../contract/load';
import { parseSource } from '../../contract/source';
import type { Contract } from '../../contract/types';
import type { BusinessLogic, HandlerRequest, HandlerResponse } from '../handler-types';

/**
 * A small Partner-API-shaped contract and logic for testing the HTTP layer on its own, so the
 * layer's tests do not move when the bundled contract or the business logic change. Loaded through
 * the real contract compiler.
 */
export const FIXTURE_YAML = `
openapi: 3.1.0
info: { title: sandbox fixture, version: '1' }
security: [{ ApiKeyAuth: [] }]
components:
  securitySchemes:
    ApiKeyAuth: { type: apiKey, in: header, name: x-api-key }
  schemas:
    AccessDenied:
      type: object
      additionalProperties: false
      required: [message]
      properties:
        message: { type: string, enum: [Access Denied. xo1, Access Denied. xo2] }
    Error:
      type: object
      required: [errorCode]
      properties:
        errorCode: { type: string }
        errorName: { type: string }
        errorMessage: { type: string }
  responses:
    Unauthorized:
      description: Access Denied
      content: { application/json: { schema: { $ref: '#/components/schemas/AccessDenied' } } }
    BadRequest:
      description: Validation error
      content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } }
paths:
  /v1/balances:
    get:
      operationId: getBalances
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [balances]
                properties:
                  balances:
                    type: array
                    items:
                      type: object
                      required: [currency, amount]
                      additionalProperties: false
                      properties:
                        currency: { type: string }
                        amount: { type: string, pattern: '^[0-9]+\\.[0-9]+$' }
        '401': { $ref: '#/components/responses/Unauthorized' }
  /v1/transfers/{transferId}:
    get:
      operationId: getTransfer
      parameters:
        - { name: transferId, in: path, required: true, schema: { type: string, minLength: 3 } }
        - { name: verbose, in: query, schema: { type: boolean } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [transferId, amount, status]
                properties:
                  transferId: { type: string }
                  amount: { type: string }
                  status: { type: string }
        '400': { $ref: '#/components/responses/BadRequest' }
        '401': { $ref: '#/components/responses/Unauthorized' }
        '404':
          description: not found
          content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } }
    delete:
      operationId: deleteTransfer
      parameters:
        - { name: transferId, in: path, required: true, schema: { type: string } }
      responses:
        '204': { description: gone }
        '401': { $ref: '#/components/responses/Unauthorized' }
  /v1/orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [currency, amount]
              properties:
                currency: { type: string, enum: [btc, eth, usdt] }
                amount: { type: string, pattern: '^[0-9]+(\\.[0-9]{1,8})?$' }
      responses:
        '201':
          description: created
          content:
            application/json:
              schema:
                type: object
                required: [orderId, amount]
                properties:
                  orderId: { type: string }
                  amount: { type: string }
        '400': { $ref: '#/components/responses/BadRequest' }
        '401': { $ref: '#/components/responses/Unauthorized' }
  /v1/public/status:
    get:
      operationId: getStatus
      security: []
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, required: [ok], properties: { ok: { type: boolean } } }
`;

export function fixtureContract(): Contract {
  return compileContract(parseSource('fixture.yaml', FIXTURE_YAML));
}

/** Deterministic answers for the fixture's operations. */
export function fixtureLogic(): BusinessLogic {
  let orders = 0;
  const handlers: Record<string, (req: HandlerRequest) => HandlerResponse> = {
    getBalances: () => ({ status: 200, body: { balances: [{ currency: 'eur', amount: '10.50' }] } }),
    getTransfer: (req) =>
      req.params.transferId === 'missing'
        ? { status: 404, body: { errorCode: 'P428', errorName: 'sepa-transfer-not-found' } }
        : { status: 200, body: { transferId: req.params.transferId, amount: '16.02', status: 'completed' } },
    deleteTransfer: () => ({ status: 204 }),
    createOrder: (req) => {
      const body = req.body as { amount: string };
      orders++;
      return { status: 201, body: { orderId: `order-${orders}`, amount: body.amount } };
    },
    getStatus: () => ({ status: 200, body: { ok: true } }),
  };
  return {
    handle: (req) => handlers[req.operationId](req),
    operationIds: () => Object.keys(handlers),
  };
}
