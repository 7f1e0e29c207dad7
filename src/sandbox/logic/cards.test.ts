import { describe, expect, it } from 'vitest';
import { harness, kycUser } from './test-harness';

const err = (res: { status: number; body: Record<string, unknown> }) => [res.status, res.body.errorCode];
const DAY = 24 * 60 * 60_000;

function withUser(id = 'c-1', country = 'PL') {
  const h = harness();
  h.call('createUser', { body: kycUser(id, country) });
  const create = () => h.call('createCard', { body: { externalUserId: id } });
  return { h, create };
}

describe('virtual cards', () => {
  it('create -> list -> details -> PIN -> block -> unblock -> limits -> delete', () => {
    const { h, create } = withUser();
    const card = create().body;
    expect(card).toMatchObject({ status: 'ACTIVE' });
    const cardId = String(card.cardId);
    const params = { cardId };
    expect(h.call('listUserCards', { params: { externalUserId: 'c-1' } }).body.cards).toEqual([
      { cardId, status: 'ACTIVE', label: null, cardLastDigits: String(card.cardNumber).slice(-4) },
    ]);
    expect(h.call('getCardDetails', { params }).body).toMatchObject({
      cardNumber: card.cardNumber,
      cvv: card.cvv,
      exp: card.exp,
      externalUserId: 'c-1',
    });
    expect(h.call('updateCardPin', { params, body: { pin: '1234' } }).body.status).toBe('ACTIVE');

    expect(h.call('blockCard', { params }).body.status).toBe('LOCKED_BY_USER');
    expect(err(h.call('blockCard', { params }))).toEqual([400, 'P450']);
    expect(h.call('getCardDetails', { params }).body.status).toBe('LOCKED_BY_USER');
    expect(h.call('unblockCard', { params }).body.status).toBe('ACTIVE');
    expect(err(h.call('unblockCard', { params }))).toEqual([400, 'P450']);

    const limits = h.call('getCardLimits', { params }).body;
    const updated = h.call('updateCardLimits', { params, body: { dailyTrxAtm: 50 } }).body;
    expect(updated).toEqual({ ...limits, dailyTrxAtm: 50 });
    expect(h.call('getCardLimits', { params }).body.dailyTrxAtm).toBe(50);
    const tooHigh = h.call('updateCardLimits', {
      params,
      body: { dailyTrxAll: Number(limits.monthlyTrxAll) + 1 },
    });
    expect(tooHigh.body.errorCode).toBe('P403');
    expect(h.call('getCardLimits', { params }).body.dailyTrxAll).toBe(limits.dailyTrxAll);

    expect(h.call('deleteCard', { params }).body.status).toBe('DELETED');
    expect(err(h.call('getCardDetails', { params }))).toEqual([404, 'P434']);
    expect(err(h.call('deleteCard', { params }))).toEqual([404, 'P434']);
    expect(h.call('listUserCards', { params: { externalUserId: 'c-1' } }).body.cards).toEqual([]);
  });

  it('allows 5 new cards per rolling 24 h; the 6th is P449 until the oldest leaves the window', () => {
    const { h, create } = withUser();
    for (let i = 0; i < 5; i++) {
      expect(create().status).toBe(200);
      h.advance(60_000);
    }
    expect(err(create())).toEqual([400, 'P449']);
    // The first card was created 5 min ago: 24 h after it, one slot frees up, and only one.
    h.advance(DAY - 5 * 60_000);
    expect(create().status).toBe(200);
    expect(err(create())).toEqual([400, 'P449']);
  });

  it('caps open cards at 10 (blocked ones count, deleted ones do not)', () => {
    const { h, create } = withUser();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(String(create().body.cardId));
      h.advance(DAY / 4); // 4 per day stays under the 24 h limit
    }
    h.call('blockCard', { params: { cardId: ids[0] } });
    const res = create();
    expect(err(res)).toEqual([400, 'P449']);
    expect(String(res.body.errorMessage)).toContain('10 active or locked');
    h.call('deleteCard', { params: { cardId: ids[1] } });
    h.advance(31 * DAY); // leave the 30-day window so only the open-card cap could bite
    expect(create().status).toBe(200);
  });

  it('allows 10 new cards per rolling 30 days and 20 per 12 months', () => {
    const { h, create } = withUser();
    const made = (n: number) => {
      for (let i = 0; i < n; i++) {
        const c = create();
        expect(c.status).toBe(200);
        h.call('deleteCard', { params: { cardId: String(c.body.cardId) } });
        h.advance(DAY);
      }
    };
    made(10);
    const thirty = create();
    expect(err(thirty)).toEqual([400, 'P449']);
    expect(String(thirty.body.errorMessage)).toContain('30 days');
    h.advance(21 * DAY); // the first card is now older than 30 days
    made(10);
    h.advance(40 * DAY);
    const year = create();
    expect(err(year)).toEqual([400, 'P449']);
    expect(String(year.body.errorMessage)).toContain('12 months');
  });

  it('refuses cards in countries without card support (P451)', () => {
    const { create } = withUser('us-1', 'US');
    expect(err(create())).toEqual([400, 'P451']);
  });
});
