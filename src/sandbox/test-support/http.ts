import { Agent, request } from 'undici';
import { startSandboxWith } from '../server';
import type { Sandbox, SandboxOptions } from '../types';
import { DEMO_API_KEY } from '../types';
import { fixtureContract, fixtureLogic } from './fixture';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Source address to bind (127.0.0.2 ...); an Agent per address is cached. */
  from?: string;
  /** Send no x-api-key (default: the demo key). */
  noKey?: boolean;
}

const agents = new Map<string, Agent>();

function agentFor(from: string): Agent {
  let agent = agents.get(from);
  if (!agent) {
    agent = new Agent({ localAddress: from, connections: 64 });
    agents.set(from, agent);
  }
  return agent;
}

export async function closeAgents(): Promise<void> {
  await Promise.all([...agents.values()].map((a) => a.close()));
  agents.clear();
}

export async function call(sandbox: Sandbox, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {
    ...(options.noKey ? {} : { 'x-api-key': DEMO_API_KEY }),
    ...options.headers,
  };
  const res = await request(`${sandbox.url}${path}`, {
    method: (options.method ?? 'GET') as 'GET',
    headers,
    body: options.body,
    dispatcher: agentFor(options.from ?? '127.0.0.1'),
  });
  const text = await res.body.text();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers))
    if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, headers: flat, body, text };
}

/** The fixture sandbox (HTTP layer under test, fixture contract + logic). */
export function startFixture(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandboxWith(options, { contract: fixtureContract(), logic: fixtureLogic() });
}
