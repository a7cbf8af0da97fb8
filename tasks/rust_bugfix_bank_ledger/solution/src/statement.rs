//! Account statements built from the journal.

use crate::ledger::Entry;
use crate::{AccountId, Statement, StatementLine};

/// Builds the statement of `account` for the period `from <= at < to`.
pub(crate) fn build_statement(
    journal: &[Entry],
    account: AccountId,
    from: u64,
    to: u64,
) -> Statement {
    let own = || journal.iter().filter(|e| e.account == account);

    let opening_balance: i64 = own().filter(|e| e.at < from).map(|e| e.amount).sum();

    let mut entries: Vec<&Entry> = own().filter(|e| e.at >= from && e.at < to).collect();
    // Chronological; entries with the same timestamp in tx id order. The key is
    // explicit so the order never depends on how the entries were collected.
    entries.sort_by_key(|e| (e.at, e.tx_id));

    let mut balance = opening_balance;
    let lines = entries
        .into_iter()
        .map(|e| {
            balance += e.amount;
            StatementLine {
                tx_id: e.tx_id,
                at: e.at,
                kind: e.kind,
                amount: e.amount,
                balance_after: balance,
            }
        })
        .collect();

    Statement {
        account,
        opening_balance,
        lines,
        closing_balance: balance,
    }
}
