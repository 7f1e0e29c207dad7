/** Pure rate-limit header parsing and single-response checks, shared by the Node checks and k6. */
export * from './body-shape';
export * from './headers';
export { formatHttpDate } from './http-date';
export * from './response-checks';
