import { createHash } from 'node:crypto';
import { spoofableIp } from '../http/client-ip';
import type { FaultProfile } from './types';

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);

/** Mutations of the rate limiter and its headers: each is a real-world way to get the page wrong. */
export const RATE_FAULTS: FaultProfile[] = [
  {
    name: 'admit-one-extra',
    description: 'admits limit+1 requests per window (off-by-one on the permissive side)',
    kind: 'rate-limit',
    create: () => ({ limiter: { admissionSkew: 1 } }),
  },
  {
    name: 'block-one-early',
    description: 'answers 429 on the limit-th request (off-by-one on the strict side)',
    kind: 'rate-limit',
    create: () => ({ limiter: { admissionSkew: -1 } }),
  },
  {
    name: 'no-headers-on-429',
    description: 'omits the X-RateLimit-* headers on 429 responses (Retry-After stays)',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v, ctx) => {
        if (ctx.status === 429) v.limit = v.remaining = v.reset = undefined;
      },
    }),
  },
  {
    name: 'no-headers-on-errors',
    description: 'omits the X-RateLimit-* headers on every 4xx and 5xx response',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v, ctx) => {
        if (ctx.status >= 400) v.limit = v.remaining = v.reset = undefined;
      },
    }),
  },
  {
    name: 'remaining-stuck',
    description: 'X-RateLimit-Remaining never decrements (always limit-1)',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v, ctx) => {
        if (v.remaining !== undefined) v.remaining = String(Math.max(0, ctx.decision.limit - 1));
      },
    }),
  },
  {
    name: 'remaining-negative',
    description: 'X-RateLimit-Remaining keeps counting below 0 on 429s',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v, ctx) => {
        if (v.remaining !== undefined) v.remaining = String(ctx.decision.remaining);
      },
    }),
  },
  {
    name: 'reset-in-ms',
    description: 'X-RateLimit-Reset is epoch milliseconds instead of seconds',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v, ctx) => {
        if (v.reset !== undefined) v.reset = String(ctx.decision.resetMs);
      },
    }),
  },
  {
    name: 'reset-as-delta',
    description: 'X-RateLimit-Reset is seconds until the reset instead of an epoch timestamp',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v, ctx) => {
        if (v.reset !== undefined) v.reset = String(Math.ceil((ctx.decision.resetMs - ctx.nowMs) / 1000));
      },
    }),
  },
  {
    name: 'reset-drifts',
    description: 'X-RateLimit-Reset is now + window, so it moves within one window (the real reset does not)',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v, ctx) => {
        if (v.reset !== undefined) v.reset = String(Math.ceil((ctx.nowMs + ctx.windowMs) / 1000));
      },
    }),
  },
  {
    name: 'no-retry-after',
    description: '429 responses carry no Retry-After header',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v) => {
        v.retryAfter = undefined;
      },
    }),
  },
  {
    name: 'retry-after-short',
    description: 'Retry-After (header and body) is half the real time to the reset, rounded down',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v) => {
        if (v.retryAfter !== undefined) v.retryAfter = String(Math.floor(Number(v.retryAfter) / 2));
      },
    }),
  },
  {
    name: 'retry-after-ms',
    description: 'Retry-After (header and body) is in milliseconds instead of seconds',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v, ctx) => {
        if (v.retryAfter !== undefined) v.retryAfter = String(Math.max(0, ctx.decision.resetMs - ctx.nowMs));
      },
    }),
  },
  {
    name: 'never-resets',
    description: 'the count carries over into every new window: once limited, always limited',
    kind: 'rate-limit',
    create: () => ({ limiter: { neverResets: true } }),
  },
  {
    name: 'penalty-on-429',
    description: 'each request made while limited pushes the reset a full window out',
    kind: 'rate-limit',
    create: () => ({ limiter: { penaltyOn429: true } }),
  },
  {
    name: 'racy-counter',
    description:
      'non-atomic counter (read, wait 5 ms for the "store", write back): concurrent bursts get through',
    kind: 'rate-limit',
    create: () => ({ racyCounter: true }),
  },
  {
    name: 'trust-xff',
    description: 'counts per leftmost X-Forwarded-For entry, so a client can spoof fresh quotas',
    kind: 'rate-limit',
    create: () => ({ clientIp: spoofableIp }),
  },
  {
    name: 'per-key-buckets',
    description: 'one quota per IP and API key (the page promises one per IP)',
    kind: 'rate-limit',
    create: () => ({ bucket: (ip, ctx) => `${ip} key:${shortHash(ctx.apiKey ?? '')}` }),
  },
  {
    name: 'per-endpoint-buckets',
    description: 'one quota per IP and endpoint (the page promises one across all endpoints)',
    kind: 'rate-limit',
    create: () => ({ bucket: (ip, ctx) => `${ip} ${ctx.route}` }),
  },
  {
    name: 'wrong-429-body',
    description: '429 body does not match the documented shape ({message, retryAfter} only)',
    kind: 'rate-limit',
    create: () => ({
      tooManyBody: (body) => ({ message: 'Too Many Requests', retryAfter: String(body.retry_after) }),
    }),
  },
  {
    name: 'limit-header-wrong',
    description: 'X-RateLimit-Limit advertises twice the enforced limit',
    kind: 'rate-limit',
    create: () => ({
      rateHeaders: (v, ctx) => {
        if (v.limit !== undefined) v.limit = String(ctx.decision.limit * 2);
      },
    }),
  },
  {
    name: 'auth-not-counted',
    description:
      '401 answers (missing or wrong key) do not count against the quota (they still carry the headers)',
    kind: 'rate-limit',
    create: () => ({ uncountedAuthFailures: true }),
  },
  {
    name: 'shared-bucket',
    description: 'one quota shared by every source address (a global bucket instead of one per IP)',
    kind: 'rate-limit',
    create: () => ({ bucket: () => 'global' }),
  },
  {
    name: 'throttle-early',
    description:
      'also caps any quarter-window span at limit/5 requests, so an even client at 95 % of the limit gets 429s',
    kind: 'rate-limit',
    create: () => ({ limiter: { throttleEarly: true } }),
  },
  {
    name: 'cacheable-429',
    description: '429 responses carry Cache-Control: public, max-age=60 (caches may serve them to others)',
    kind: 'rate-limit',
    create: () => ({
      tooManyHeaders: (headers) => {
        headers['Cache-Control'] = 'public, max-age=60';
      },
    }),
  },
];
