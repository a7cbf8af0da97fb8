//! An in-memory bank ledger: accounts with overdraft limits, deposits,
//! withdrawals and transfers in integer cents, idempotency keys, interest and
//! account statements.

mod interest;
mod ledger;
mod statement;

pub use ledger::Ledger;

/// Accounts are numbered 1, 2, 3, … in opening order.
pub type AccountId = u32;

/// Successful operations are numbered 1, 2, 3, … across the whole ledger.
pub type TxId = u64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// No account with this id.
    UnknownAccount(AccountId),
    /// Amounts must be positive; overdraft limits must not be negative.
    InvalidAmount,
    /// The debit would take the account below minus its overdraft limit.
    InsufficientFunds(AccountId),
    /// The credit would push the balance above `i64::MAX`.
    Overflow,
    /// A transfer from an account to itself.
    SameAccount,
    /// The key was already used for a different operation.
    IdempotencyConflict(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Deposit,
    Withdrawal,
    TransferIn,
    TransferOut,
    Interest,
}

/// One movement of money on one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub tx_id: TxId,
    pub at: u64,
    pub kind: EntryKind,
    /// Signed: credits are positive, debits negative.
    pub amount: i64,
    /// The running balance after this line, starting from `opening_balance`.
    pub balance_after: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub account: AccountId,
    pub opening_balance: i64,
    pub lines: Vec<StatementLine>,
    pub closing_balance: i64,
}
