import type { HandlerRequest } from '../handler-types';
import { decimal } from './market';
import { iso, type LedgerEntry, settled } from './state';

/** Records a money movement in a ledger (newest first when listed). */
export function record(ledger: LedgerEntry[], entry: LedgerEntry): void {
  ledger.push(entry);
}

/** One page of a ledger in the contract's TransactionHistory shape. */
export function historyPage(
  ledger: LedgerEntry[],
  req: HandlerRequest,
  now: number,
): Record<string, unknown> {
  const page = req.query.page === undefined ? 1 : Number.parseInt(req.query.page, 10);
  const pageSize = req.query.pageSize === undefined ? 20 : Number.parseInt(req.query.pageSize, 10);
  const newestFirst = [...ledger].reverse();
  const items = newestFirst.slice((page - 1) * pageSize, page * pageSize).map((e) => ({
    id: e.id,
    type: e.type,
    amount: decimal(e.amount),
    currency: e.currency,
    status: settled(e.createdAtMs, now),
    createdAt: iso(e.createdAtMs),
  }));
  return { items, page, pageSize, total: ledger.length };
}
