import { describe, expect, it } from 'vitest';
import { harness, kycUser, nonKycUser } from './test-harness';

const err = (res: { status: number; body: Record<string, unknown> }) => [res.status, res.body.errorCode];

describe('user accounts', () => {
  it('creates a KYC user whose balances wait for activation until Add User Verification', () => {
    const h = harness();
    const created = h.call('createUser', { body: kycUser('u-1') });
    expect(created.status).toBe(200);
    expect(created.body.poaRequiredForExtended).toBe(false);

    const before = h.call('getUserBalances', { params: { externalUserId: 'u-1' } }).body;
    expect(before.status).toBe('WAITING_FOR_ACTIVATION');
    expect(before.userId).toBe(created.body.userId);
    expect(before.fiatBalances).toEqual([
      expect.objectContaining({ status: 'WAITING_TO_BE_ACTIVATED', iban: null, amount: '0.00' }),
    ]);

    const verified = h.call('addUserVerification', {
      body: { externalUserId: 'u-1', documentType: 'ID_CARD', documentNumber: 'X1' },
    });
    expect(verified.body.status).toBe('ACTIVE');
    const after = h.call('getUserBalances', { params: { externalUserId: 'u-1' } }).body as {
      fiatBalances: Array<{ status: string; iban: string | null }>;
      cryptoBalances: Array<{ wallet: string | null }>;
    };
    expect(after.fiatBalances[0].status).toBe('ACTIVE');
    expect(after.fiatBalances[0].iban).toMatch(/^LT\d{18}$/);
    expect(after.cryptoBalances.every((b) => b.wallet !== null)).toBe(true);
  });

  it('creates a non-KYC user with a flat balance list and refuses KYC-only operations', () => {
    const h = harness();
    const created = h.call('createUserWithoutKyc', { body: nonKycUser('n-1') });
    const names = (created.body.balances as Array<{ name: string }>).map((b) => b.name);
    expect(names).toContain('eur');
    expect(names).toContain('eth');
    expect(err(h.call('createCard', { body: { externalUserId: 'n-1' } }))).toEqual([400, 'P454']);
    expect(
      err(
        h.call('addKycFile', {
          params: { externalUserId: 'n-1' },
          body: { documentType: 'PASSPORT', front: 'aGk=', selfie: 'aGk=' },
        }),
      ),
    ).toEqual([400, 'P454']);
  });

  it('rejects a reused externalUserId with P411, also across the KYC and non-KYC models', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('dup') });
    expect(err(h.call('createUser', { body: kycUser('dup') }))).toEqual([400, 'P411']);
    expect(err(h.call('createUserWithoutKyc', { body: nonKycUser('dup') }))).toEqual([400, 'P411']);
  });

  it('answers P412 for unknown users on every user-scoped read', () => {
    const h = harness();
    const params = { externalUserId: 'ghost' };
    expect(err(h.call('getUserBalances', { params }))).toEqual([400, 'P412']);
    expect(err(h.call('getUserTransactionHistory', { params }))).toEqual([400, 'P412']);
    expect(err(h.call('listUserCards', { params }))).toEqual([400, 'P412']);
    expect(err(h.call('updateUser', { params, body: { city: 'Kraków' } }))).toEqual([400, 'P412']);
  });

  it('blocks money operations while suspended and allows them again after unsuspend', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('s-1') });
    h.call('addUserVerification', {
      body: { externalUserId: 's-1', documentType: 'PASSPORT', documentNumber: 'P1' },
    });
    expect(h.call('suspendUser', { params: { externalUserId: 's-1' } }).body.status).toBe('SUSPENDED');
    expect(err(h.call('suspendUser', { params: { externalUserId: 's-1' } }))).toEqual([400, 'P455']);

    const sepa = {
      sourceExternalUserId: 's-1',
      amount: 5,
      currency: 'eur',
      destinationIban: 'PL49109024028743516259813188',
      transferTitle: 't',
    };
    const withdrawal = {
      sourceExternalUserId: 's-1',
      currency: 'eth',
      amount: 0.01,
      walletAddress: '0x1234567890abcdef1234567890abcdef12345678',
      name: 'Ada',
      walletType: 'CUSTODIAL',
      receiverType: 'NATURAL',
    };
    expect(err(h.call('createSepaTransfer', { body: sepa }))).toEqual([400, 'P455']);
    expect(err(h.call('createCryptoWithdrawal', { body: withdrawal }))).toEqual([400, 'P455']);
    expect(
      err(
        h.call('createTransfer', { body: { destinationExternalUserId: 's-1', amount: 1, currency: 'eur' } }),
      ),
    ).toEqual([400, 'P455']);
    expect(err(h.call('createCard', { body: { externalUserId: 's-1' } }))).toEqual([400, 'P455']);
    // Reads still work while suspended.
    expect(h.call('getUserBalances', { params: { externalUserId: 's-1' } }).body.status).toBe('SUSPENDED');

    expect(h.call('unsuspendUser', { params: { externalUserId: 's-1' } }).body.status).toBe('ACTIVE');
    expect(h.call('createSepaTransfer', { body: sepa }).status).toBe(200);
    expect(h.call('createCryptoWithdrawal', { body: withdrawal }).status).toBe(200);
  });

  it('restores WAITING_FOR_ACTIVATION (not ACTIVE) when a never-verified user is unsuspended', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('w-1') });
    h.call('suspendUser', { params: { externalUserId: 'w-1' } });
    expect(h.call('unsuspendUser', { params: { externalUserId: 'w-1' } }).body.status).toBe(
      'WAITING_FOR_ACTIVATION',
    );
  });

  it('makes a deleted user not found everywhere and deletes the user cards', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('d-1') });
    const card = h.call('createCard', { body: { externalUserId: 'd-1' } }).body;
    expect(h.call('deleteUser', { params: { externalUserId: 'd-1' } }).body.status).toBe('DELETED');
    expect(err(h.call('getUserBalances', { params: { externalUserId: 'd-1' } }))).toEqual([400, 'P412']);
    expect(err(h.call('deleteUser', { params: { externalUserId: 'd-1' } }))).toEqual([400, 'P412']);
    expect(err(h.call('getCardDetails', { params: { cardId: String(card.cardId) } }))).toEqual([404, 'P434']);
    // The id stays taken.
    expect(err(h.call('createUser', { body: kycUser('d-1') }))).toEqual([400, 'P411']);
  });

  it('records money movements in the user transaction history, newest first, paged', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('h-1') });
    for (const amount of [1, 2, 3]) {
      h.call('createTransfer', { body: { destinationExternalUserId: 'h-1', amount, currency: 'eur' } });
      h.advance(10);
    }
    const page1 = h.call('getUserTransactionHistory', {
      params: { externalUserId: 'h-1' },
      query: { page: '1', pageSize: '2' },
    }).body;
    expect(page1.total).toBe(3);
    expect((page1.items as Array<{ amount: string }>).map((i) => i.amount)).toEqual(['3', '2']);
    const page2 = h.call('getUserTransactionHistory', {
      params: { externalUserId: 'h-1' },
      query: { page: '2', pageSize: '2' },
    }).body;
    expect((page2.items as Array<{ amount: string }>).map((i) => i.amount)).toEqual(['1']);
  });

  it('requires the back side for ID cards in Add KYC File (P403)', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('k-1') });
    const res = h.call('addKycFile', {
      params: { externalUserId: 'k-1' },
      body: { documentType: 'ID_CARD', front: 'aGk=', selfie: 'aGk=' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errorCode: 'P403', errorMessage: expect.stringContaining('back') });
  });
});
