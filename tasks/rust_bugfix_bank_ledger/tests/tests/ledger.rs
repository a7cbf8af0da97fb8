use bank_ledger::{EntryKind, Ledger, LedgerError, Statement, StatementLine};
use EntryKind::*;

fn line(tx_id: u64, at: u64, kind: EntryKind, amount: i64, balance_after: i64) -> StatementLine {
    StatementLine {
        tx_id,
        at,
        kind,
        amount,
        balance_after,
    }
}

/// A ledger with two accounts: 1 (overdraft 0) and 2 (overdraft 500).
fn two_accounts() -> Ledger {
    let mut l = Ledger::new();
    assert_eq!(l.open_account(0), Ok(1));
    assert_eq!(l.open_account(500), Ok(2));
    l
}

#[test]
fn deposits_withdrawals_and_transfers_move_money() {
    let mut l = two_accounts();
    assert_eq!(l.deposit("d1", 1, 10_000, 100), Ok(1));
    assert_eq!(l.withdraw("w1", 1, 2_550, 110), Ok(2));
    assert_eq!(l.transfer("t1", 1, 2, 1_000, 120), Ok(3));
    assert_eq!(l.balance(1), Ok(6_450));
    assert_eq!(l.balance(2), Ok(1_000));
    assert_eq!(l.open_account(0), Ok(3));
    assert_eq!(l.balance(3), Ok(0));
}

#[test]
fn overdraft_limit_is_inclusive() {
    let mut l = two_accounts();
    assert_eq!(l.withdraw("a", 2, 500, 1), Ok(1));
    assert_eq!(l.balance(2), Ok(-500));
    assert_eq!(
        l.withdraw("b", 2, 1, 2),
        Err(LedgerError::InsufficientFunds(2))
    );
    assert_eq!(
        l.transfer("c", 1, 2, 1, 3),
        Err(LedgerError::InsufficientFunds(1))
    );
    assert_eq!(l.balance(2), Ok(-500));
    assert_eq!(l.balance(1), Ok(0));
    assert_eq!(
        l.transfer("d", 2, 1, 1, 4),
        Err(LedgerError::InsufficientFunds(2))
    );
    assert_eq!(l.deposit("e", 2, 200, 5), Ok(2));
    assert_eq!(l.transfer("f", 2, 1, 200, 6), Ok(3));
    assert_eq!(l.balance(2), Ok(-500));
    assert_eq!(l.balance(1), Ok(200));
}

#[test]
fn validation_errors_change_nothing() {
    let mut l = two_accounts();
    assert_eq!(l.open_account(-1), Err(LedgerError::InvalidAmount));
    assert_eq!(l.deposit("a", 1, 0, 1), Err(LedgerError::InvalidAmount));
    assert_eq!(l.deposit("a", 1, -5, 1), Err(LedgerError::InvalidAmount));
    assert_eq!(l.withdraw("a", 1, 0, 1), Err(LedgerError::InvalidAmount));
    assert_eq!(
        l.transfer("a", 1, 2, -1, 1),
        Err(LedgerError::InvalidAmount)
    );
    assert_eq!(l.deposit("a", 9, 5, 1), Err(LedgerError::UnknownAccount(9)));
    assert_eq!(l.deposit("a", 0, 5, 1), Err(LedgerError::UnknownAccount(0)));
    assert_eq!(
        l.transfer("a", 7, 8, 5, 1),
        Err(LedgerError::UnknownAccount(7))
    );
    assert_eq!(
        l.transfer("a", 1, 8, 5, 1),
        Err(LedgerError::UnknownAccount(8))
    );
    assert_eq!(l.transfer("a", 2, 2, 5, 1), Err(LedgerError::SameAccount));
    assert_eq!(l.balance(3), Err(LedgerError::UnknownAccount(3)));
    assert_eq!(
        l.apply_interest(3, 100, 1),
        Err(LedgerError::UnknownAccount(3))
    );
    assert_eq!(l.statement(3, 0, 10), Err(LedgerError::UnknownAccount(3)));
    assert_eq!(l.balance(1), Ok(0));
    assert_eq!(l.balance(2), Ok(0));
    // No tx id was used up by the failures, and key "a" is still free.
    assert_eq!(l.deposit("a", 1, 5, 2), Ok(1));
    assert_eq!(l.statement(2, 0, 100).unwrap().lines, vec![]);
}

#[test]
fn retrying_an_operation_returns_the_original_tx_without_reapplying() {
    let mut l = two_accounts();
    assert_eq!(l.deposit("dep-1", 1, 5_000, 10), Ok(1));
    assert_eq!(l.deposit("dep-1", 1, 5_000, 10), Ok(1));
    // The timestamp is not part of the operation: a late retry is the same request.
    assert_eq!(l.deposit("dep-1", 1, 5_000, 99), Ok(1));
    assert_eq!(l.balance(1), Ok(5_000));
    assert_eq!(l.transfer("tr-1", 1, 2, 1_500, 20), Ok(2));
    assert_eq!(l.transfer("tr-1", 1, 2, 1_500, 21), Ok(2));
    assert_eq!(l.balance(1), Ok(3_500));
    assert_eq!(l.balance(2), Ok(1_500));
    assert_eq!(l.withdraw("wd-1", 2, 1_800, 30), Ok(3));
    // Replaying succeeds even though the withdrawal would not fit any more.
    assert_eq!(l.withdraw("wd-1", 2, 1_800, 31), Ok(3));
    assert_eq!(l.balance(2), Ok(-300));
    assert_eq!(l.deposit("dep-2", 1, 1, 40), Ok(4));
    assert_eq!(l.statement(1, 0, 100).unwrap().lines.len(), 3);
    assert_eq!(l.statement(2, 0, 100).unwrap().lines.len(), 2);
}

#[test]
fn a_key_reused_for_another_operation_conflicts_without_side_effects() {
    let mut l = two_accounts();
    assert_eq!(l.deposit("k", 1, 1_000, 1), Ok(1));
    let conflict = Err(LedgerError::IdempotencyConflict("k".to_string()));
    assert_eq!(l.deposit("k", 1, 999, 2), conflict);
    assert_eq!(l.deposit("k", 2, 1_000, 2), conflict);
    assert_eq!(l.withdraw("k", 1, 1_000, 2), conflict);
    assert_eq!(l.transfer("k", 1, 2, 1_000, 2), conflict);
    // The key is checked before anything else, even an invalid amount.
    assert_eq!(l.deposit("k", 1, -1, 2), conflict);
    assert_eq!(l.balance(1), Ok(1_000));
    assert_eq!(l.balance(2), Ok(0));
    assert_eq!(l.deposit("k2", 2, 1, 3), Ok(2), "no tx id was consumed");
}

#[test]
fn failed_operations_do_not_consume_their_key() {
    let mut l = two_accounts();
    assert_eq!(
        l.withdraw("w", 1, 100, 1),
        Err(LedgerError::InsufficientFunds(1))
    );
    assert_eq!(l.deposit("d", 1, 100, 2), Ok(1));
    assert_eq!(l.withdraw("w", 1, 100, 3), Ok(2));
    assert_eq!(l.balance(1), Ok(0));
    assert_eq!(
        l.transfer("t", 1, 9, 5, 4),
        Err(LedgerError::UnknownAccount(9))
    );
    assert_eq!(l.transfer("t", 2, 1, 5, 5), Ok(3));
}

#[test]
fn a_transfer_that_would_overflow_the_receiver_is_rejected_atomically() {
    let mut l = Ledger::new();
    let rich = l.open_account(0).unwrap();
    let payer = l.open_account(0).unwrap();
    assert_eq!(l.deposit("a", rich, i64::MAX - 10, 1), Ok(1));
    assert_eq!(l.deposit("b", payer, 100, 1), Ok(2));
    assert_eq!(
        l.transfer("t", payer, rich, 11, 2),
        Err(LedgerError::Overflow)
    );
    assert_eq!(l.balance(payer), Ok(100), "the payer must not be debited");
    assert_eq!(l.balance(rich), Ok(i64::MAX - 10));
    assert_eq!(l.deposit("c", rich, 11, 3), Err(LedgerError::Overflow));
    assert_eq!(l.transfer("t", payer, rich, 10, 4), Ok(3));
    assert_eq!(l.balance(rich), Ok(i64::MAX));
    assert_eq!(l.balance(payer), Ok(90));
    let st = l.statement(payer, 0, 10).unwrap();
    assert_eq!(
        st.lines,
        vec![
            line(2, 1, Deposit, 100, 100),
            line(3, 4, TransferOut, -10, 90)
        ]
    );
}

#[test]
fn huge_debits_are_insufficient_funds_not_overflow() {
    let mut l = Ledger::new();
    let a = l.open_account(100).unwrap();
    let b = l.open_account(i64::MAX).unwrap();
    assert_eq!(l.withdraw("w0", a, 50, 1), Ok(1));
    assert_eq!(
        l.withdraw("w1", a, i64::MAX, 2),
        Err(LedgerError::InsufficientFunds(a))
    );
    assert_eq!(
        l.transfer("t1", a, b, i64::MAX, 2),
        Err(LedgerError::InsufficientFunds(a))
    );
    assert_eq!(l.balance(a), Ok(-50));
    // An overdraft limit of i64::MAX: the balance may reach -i64::MAX exactly.
    assert_eq!(l.withdraw("w2", b, i64::MAX, 3), Ok(2));
    assert_eq!(l.balance(b), Ok(-i64::MAX));
    assert_eq!(
        l.withdraw("w3", b, 1, 4),
        Err(LedgerError::InsufficientFunds(b))
    );
    assert_eq!(
        l.withdraw("w4", b, i64::MAX, 4),
        Err(LedgerError::InsufficientFunds(b))
    );
    assert_eq!(l.balance(b), Ok(-i64::MAX));
}

#[test]
fn interest_rounds_half_to_even_on_the_exact_value() {
    let cases: [(i64, u32, i64); 8] = [
        (250, 100, 2),                                         // 2.5   -> 2
        (350, 100, 4),                                         // 3.5   -> 4
        (150, 100, 2),                                         // 1.5   -> 2
        (12_345, 250, 309),                                    // 308.625 -> 309
        (10_049, 100, 100),                                    // 100.49 -> 100
        (1_000_050, 1, 100),                                   // 100.005 -> 100
        (1_000_150, 1, 100),                                   // 100.015 -> 100
        (4_503_599_627_370_497, 5_000, 2_251_799_813_685_248), // 2^51 + 0.5 -> 2^51
    ];
    for (i, (balance, rate, expected)) in cases.into_iter().enumerate() {
        let mut l = Ledger::new();
        let a = l.open_account(0).unwrap();
        l.deposit("d", a, balance, 1).unwrap();
        assert_eq!(
            l.apply_interest(a, rate, 2),
            Ok(expected),
            "case {i}: {balance} at {rate} bps"
        );
        assert_eq!(l.balance(a), Ok(balance + expected));
        let st = l.statement(a, 2, 3).unwrap();
        assert_eq!(
            st.lines,
            vec![line(2, 2, Interest, expected, balance + expected)]
        );
    }
}

#[test]
fn interest_edge_cases() {
    let mut l = two_accounts();
    // Rounds to zero: nothing is posted and no tx id is used.
    l.deposit("d1", 1, 50, 1).unwrap();
    assert_eq!(l.apply_interest(1, 100, 2), Ok(0)); // 0.5 -> 0
    assert_eq!(l.apply_interest(1, 0, 2), Ok(0));
    // Non-positive balances earn nothing.
    assert_eq!(l.apply_interest(2, 10_000, 2), Ok(0));
    l.withdraw("w1", 2, 300, 3).unwrap();
    assert_eq!(l.apply_interest(2, 10_000, 4), Ok(0));
    assert_eq!(l.balance(2), Ok(-300));
    assert_eq!(l.deposit("d2", 1, 1, 5), Ok(3));
    assert_eq!(l.balance(1), Ok(51));
    assert_eq!(l.statement(1, 0, 10).unwrap().lines.len(), 2);
    // Interest that does not fit in i64 is an overflow and changes nothing.
    let big = l.open_account(0).unwrap();
    l.deposit("d3", big, 8_000_000_000_000_000_000, 6).unwrap();
    assert_eq!(l.apply_interest(big, 20_000, 7), Err(LedgerError::Overflow));
    assert_eq!(l.apply_interest(big, 10_000, 7), Err(LedgerError::Overflow));
    assert_eq!(l.balance(big), Ok(8_000_000_000_000_000_000));
    assert_eq!(l.apply_interest(big, 1_000, 8), Ok(800_000_000_000_000_000));
    assert_eq!(l.deposit("d4", 1, 1, 9), Ok(6));
}

#[test]
fn statement_orders_entries_by_time_then_tx_id() {
    let mut l = two_accounts();
    assert_eq!(l.deposit("a", 1, 1_000, 50), Ok(1));
    assert_eq!(l.withdraw("b", 1, 300, 50), Ok(2));
    assert_eq!(l.deposit("c", 1, 20, 40), Ok(3)); // back-dated
    assert_eq!(l.transfer("d", 1, 2, 100, 50), Ok(4));
    assert_eq!(l.deposit("e", 2, 5, 50), Ok(5));
    assert_eq!(l.transfer("f", 2, 1, 7, 40), Ok(6));
    assert_eq!(l.apply_interest(1, 1_000, 50), Ok(63)); // 627 * 10% = 62.7
    let st = l.statement(1, 0, 100).unwrap();
    assert_eq!(
        st,
        Statement {
            account: 1,
            opening_balance: 0,
            lines: vec![
                line(3, 40, Deposit, 20, 20),
                line(6, 40, TransferIn, 7, 27),
                line(1, 50, Deposit, 1_000, 1_027),
                line(2, 50, Withdrawal, -300, 727),
                line(4, 50, TransferOut, -100, 627),
                line(7, 50, Interest, 63, 690),
            ],
            closing_balance: 690,
        }
    );
    let st2 = l.statement(2, 0, 100).unwrap();
    assert_eq!(
        st2.lines,
        vec![
            line(6, 40, TransferOut, -7, -7),
            line(4, 50, TransferIn, 100, 93),
            line(5, 50, Deposit, 5, 98)
        ]
    );
    assert_eq!(l.balance(1), Ok(690));
    assert_eq!(l.balance(2), Ok(98));
}

#[test]
fn statement_period_has_opening_and_closing_balances() {
    let mut l = two_accounts();
    l.deposit("a", 1, 500, 10).unwrap(); // tx 1
    l.deposit("b", 1, 70, 30).unwrap(); // tx 2
    l.withdraw("c", 1, 200, 20).unwrap(); // tx 3
    l.deposit("d", 1, 9, 20).unwrap(); // tx 4
    l.withdraw("e", 1, 1, 30).unwrap(); // tx 5
    l.deposit("f", 1, 4, 40).unwrap(); // tx 6
                                       // Period [20, 40): tx 1 is before it, tx 6 after it.
    let st = l.statement(1, 20, 40).unwrap();
    assert_eq!(
        st,
        Statement {
            account: 1,
            opening_balance: 500,
            lines: vec![
                line(3, 20, Withdrawal, -200, 300),
                line(4, 20, Deposit, 9, 309),
                line(2, 30, Deposit, 70, 379),
                line(5, 30, Withdrawal, -1, 378),
            ],
            closing_balance: 378,
        }
    );
    let empty = l.statement(1, 41, 41).unwrap();
    assert_eq!(empty.opening_balance, 382);
    assert_eq!(empty.lines, vec![]);
    assert_eq!(empty.closing_balance, 382);
    let inverted = l.statement(1, 35, 5).unwrap();
    assert_eq!(
        (
            inverted.opening_balance,
            inverted.lines.len(),
            inverted.closing_balance
        ),
        (378, 0, 378)
    );
}

#[test]
fn transfers_appear_on_both_statements() {
    let mut l = two_accounts();
    l.deposit("a", 1, 1_000, 1).unwrap();
    l.transfer("t", 1, 2, 400, 2).unwrap();
    l.transfer("u", 2, 1, 650, 3).unwrap();
    assert_eq!(
        l.statement(2, 0, 10).unwrap(),
        Statement {
            account: 2,
            opening_balance: 0,
            lines: vec![
                line(2, 2, TransferIn, 400, 400),
                line(3, 3, TransferOut, -650, -250)
            ],
            closing_balance: -250,
        }
    );
    assert_eq!(
        l.statement(1, 2, 10).unwrap().lines,
        vec![
            line(2, 2, TransferOut, -400, 600),
            line(3, 3, TransferIn, 650, 1_250)
        ]
    );
}
