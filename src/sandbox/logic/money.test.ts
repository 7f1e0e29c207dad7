import { describe, expect, it } from 'vitest';
import { FIXTURE_IDS } from './fixtures';
import { SETTLE_MS } from './state';
import { harness, kycUser } from './test-harness';

const err = (res: { status: number; body: Record<string, unknown> }) => [res.status, res.body.errorCode];
const NONE = '00000000-0000-4000-8000-000000000000';
const IBAN = 'PL49109024028743516259813188';

describe('SEPA transfers', () => {
  it('partner transfer -> details by id, PENDING then SUCCESSFUL, amount as a decimal string', () => {
    const h = harness();
    const created = h.call('createPartnerSepaTransfer', {
      body: { amount: 3.8, currency: 'eur', destinationIban: IBAN, transferTitle: 'Rent' },
    });
    const params = { transferId: String(created.body.transferId) };
    const pending = h.call('getSepaTransferDetails', { params }).body;
    expect(pending).toMatchObject({
      status: 'PENDING',
      amount: '3.8',
      destinationIban: IBAN,
      user: null,
      receiverFirstName: null,
    });
    h.advance(SETTLE_MS);
    expect(h.call('getSepaTransferDetails', { params }).body.status).toBe('SUCCESSFUL');
    expect(err(h.call('getSepaTransferDetails', { params: { transferId: NONE } }))).toEqual([404, 'P428']);
  });

  it('user transfer carries the user block; receiver rules are enforced with P403', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('s-1') });
    const base = {
      sourceExternalUserId: 's-1',
      amount: 10,
      currency: 'eur',
      destinationIban: IBAN,
      transferTitle: 't',
    };
    const created = h.call('createSepaTransfer', {
      body: { ...base, receiverType: 'NATURAL', receiverFirstName: 'A', receiverLastName: 'B' },
    });
    const details = h.call('getSepaTransferDetails', {
      params: { transferId: String(created.body.transferId) },
    }).body;
    expect(details.user).toMatchObject({ externalUserId: 's-1', country: 'PL' });
    expect(h.call('createSepaTransfer', { body: { ...base, receiverType: 'LEGAL' } }).body.errorCode).toBe(
      'P403',
    );
    expect(h.call('createSepaTransfer', { body: { ...base, receiverFirstName: 'A' } }).body.errorCode).toBe(
      'P403',
    );
    expect(err(h.call('createSepaTransfer', { body: { ...base, sourceExternalUserId: 'ghost' } }))).toEqual([
      400,
      'P412',
    ]);
  });

  it('serves deposit info and contacts for partner and KYC users', () => {
    const h = harness();
    expect(h.call('getPartnerSepaDepositInfo').body.iban).toBe('LT333130010135556427');
    h.call('createUser', { body: kycUser('s-2') });
    const info = h.call('getUserSepaDepositInfo', { params: { externalUserId: 's-2' } }).body;
    expect(info.accountHolder).toBe('Ada Lovelace');
    expect(h.call('getUserSepaDepositContacts', { params: { externalUserId: 's-2' } }).body.contacts).toEqual(
      [],
    );
    expect(h.call('getPartnerSepaDepositContacts').body.contacts).toHaveLength(1);
  });
});

describe('crypto withdrawals and deposits', () => {
  const body = {
    currency: 'usdt',
    amount: 5,
    walletAddress: '0x1234567890abcdef1234567890abcdef12345678',
    name: 'Ada',
    walletType: 'CUSTODIAL',
    receiverType: 'NATURAL',
  };

  it('withdrawal -> details: network fee, default network, hash only once settled', () => {
    const h = harness();
    const fee = h.call('getPartnerNetworkFee', { query: { currency: 'usdt', network: 'polygon' } }).body
      .networkFee;
    const created = h.call('createPartnerCryptoWithdrawal', { body: { ...body, network: 'polygon' } });
    const params = { withdrawalId: String(created.body.withdrawalId) };
    const pending = h.call('getPartnerCryptoWithdrawalDetails', { params }).body;
    expect(pending).toMatchObject({
      status: 'PENDING',
      transactionHash: null,
      network: 'polygon',
      fee,
      externalUserId: null,
    });
    h.advance(SETTLE_MS);
    expect(h.call('getCryptoWithdrawalDetails', { params }).body.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    // usdt defaults to ethereum, whose fee differs from polygon's.
    const eth = h.call('createPartnerCryptoWithdrawal', { body }).body;
    expect(
      h.call('getPartnerCryptoWithdrawalDetails', { params: { withdrawalId: String(eth.withdrawalId) } }).body
        .network,
    ).toBe('ethereum');
    expect(h.call('getNetworkFee', { query: { currency: 'usdt' } }).body.networkFee).not.toBe(fee);
  });

  it('refuses a foreign network or an amount under the minimum (P403) and unknown ids (P445)', () => {
    const h = harness();
    expect(h.call('getNetworkFee', { query: { currency: 'btc', network: 'polygon' } }).body.errorCode).toBe(
      'P403',
    );
    expect(
      h.callInvalid('createPartnerCryptoWithdrawal', {
        body: { ...body, currency: 'btc', network: 'polygon' },
      }).body.errorCode,
    ).toBe('P403');
    expect(h.call('createPartnerCryptoWithdrawal', { body: { ...body, amount: 0.5 } }).body.errorCode).toBe(
      'P403',
    );
    expect(err(h.call('getCryptoWithdrawalDetails', { params: { withdrawalId: NONE } }))).toEqual([
      404,
      'P445',
    ]);
  });

  it('accepts Travel Rule data once for a deposit waiting for it', () => {
    const h = harness();
    const params = { cryptoDepositId: FIXTURE_IDS.cryptoDeposit };
    const tr = { senderType: 'LEGAL', senderCompanyName: 'ACME', walletType: 'CUSTODIAL' };
    expect(
      h.call('updateTravelRule', { params, body: { senderType: 'LEGAL', walletType: 'CUSTODIAL' } }).body
        .errorCode,
    ).toBe('P403');
    expect(h.call('updateTravelRule', { params, body: tr }).body.status).toBe('WAITING_FOR_VERIFICATION');
    expect(err(h.call('updateTravelRule', { params, body: tr }))).toEqual([400, 'P453']);
    expect(err(h.call('updateTravelRule', { params: { cryptoDepositId: NONE }, body: tr }))).toEqual([
      404,
      'P448',
    ]);
  });
});

describe('internal transfers', () => {
  it('needs exactly one side (P424), then create -> details, recorded for user and partner', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('t-1') });
    expect(err(h.callInvalid('createTransfer', { body: { amount: 1, currency: 'eur' } }))).toEqual([
      400,
      'P424',
    ]);
    expect(
      err(
        h.callInvalid('createTransfer', {
          body: { sourceExternalUserId: 't-1', destinationExternalUserId: 't-1', amount: 1, currency: 'eur' },
        }),
      ),
    ).toEqual([400, 'P424']);
    const created = h.call('createTransfer', {
      body: { sourceExternalUserId: 't-1', amount: 1.5, currency: 'eur' },
    });
    const params = { transferId: String(created.body.transferId) };
    expect(h.call('getTransferDetails', { params }).body).toMatchObject({
      sourceExternalUserId: 't-1',
      destinationExternalUserId: null,
      amount: 1.5,
      status: 'PENDING',
      error: null,
    });
    h.advance(SETTLE_MS);
    expect(h.call('getTransferDetails', { params }).body.status).toBe('SUCCESSFUL');
    const partner = h.call('getPartnerTransactionHistory').body.items as Array<{ id: string }>;
    expect(partner[0].id).toBe(created.body.transferId);
    expect(err(h.call('getTransferDetails', { params: { transferId: NONE } }))).toEqual([404, 'P446']);
  });
});

describe('KYC by P100', () => {
  it('create -> redirect -> status: CREATED, IN_PROGRESS, then APPROVED', () => {
    const h = harness();
    h.call('createUser', { body: kycUser('k-1') });
    const params = { externalUserId: 'k-1' };
    expect(err(h.call('getKycStatus', { params }))).toEqual([404, 'P452']);
    const v = h.call('createKycVerification', { body: { externalUserId: 'k-1' } }).body;
    expect(h.call('getKycStatus', { params }).body).toEqual({
      verificationId: v.verificationId,
      externalUserId: 'k-1',
      status: 'CREATED',
    });
    expect(String(h.call('getKycRedirect', { params }).body.url)).toContain(String(v.verificationId));
    expect(h.call('getKycStatus', { params }).body.status).toBe('IN_PROGRESS');
    h.advance(SETTLE_MS);
    expect(h.call('getKycStatus', { params }).body.status).toBe('APPROVED');
  });

  it('refuses non-KYC and unknown users', () => {
    const h = harness();
    expect(
      err(h.call('createKycVerification', { body: { externalUserId: FIXTURE_IDS.nonKycUser } })),
    ).toEqual([400, 'P454']);
    expect(err(h.call('getKycRedirect', { params: { externalUserId: 'ghost' } }))).toEqual([400, 'P412']);
  });
});

describe('partner operations', () => {
  it('creates a wallet that then shows in the partner balances', () => {
    const h = harness();
    const w = h.call('createPartnerWallet', { body: { currency: 'btc' } }).body;
    expect(w.network).toBe('btc');
    const balances = h.call('getPartnerBalances').body.cryptoBalances as Array<{
      name: string;
      wallet: string;
    }>;
    expect(balances.find((b) => b.name === 'btc')?.wallet).toBe(w.address);
    expect(
      h.callInvalid('createPartnerWallet', { body: { currency: 'eth', network: 'polygon' } }).body.errorCode,
    ).toBe('P403');
  });
});
