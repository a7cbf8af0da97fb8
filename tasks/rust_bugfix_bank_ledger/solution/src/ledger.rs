//! The ledger: account balances, the journal of entries and idempotency keys.

use std::collections::HashMap;

use crate::interest::interest_for;
use crate::statement::build_statement;
use crate::{AccountId, EntryKind, LedgerError, Statement, TxId};

#[derive(Debug)]
struct Account {
    balance: i64,
    overdraft_limit: i64,
}

/// One posting in the journal. A transfer posts two entries with one tx id.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) tx_id: TxId,
    pub(crate) account: AccountId,
    pub(crate) at: u64,
    pub(crate) kind: EntryKind,
    pub(crate) amount: i64,
}

/// What an idempotency key was used for. The timestamp is deliberately not
/// part of it: a retry may carry a later timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Operation {
    Deposit {
        account: AccountId,
        amount: i64,
    },
    Withdraw {
        account: AccountId,
        amount: i64,
    },
    Transfer {
        from: AccountId,
        to: AccountId,
        amount: i64,
    },
}

/// (account, kind, signed amount, balance after)
type Posting = (AccountId, EntryKind, i64, i64);

#[derive(Debug, Clone)]
struct KeyRecord {
    operation: Operation,
    tx_id: TxId,
}

#[derive(Debug, Default)]
pub struct Ledger {
    accounts: Vec<Account>,
    journal: Vec<Entry>,
    keys: HashMap<String, KeyRecord>,
    last_tx_id: TxId,
}

impl Ledger {
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens an account with balance 0. `overdraft_limit` (cents, >= 0) is how
    /// far below zero the balance may go.
    pub fn open_account(&mut self, overdraft_limit: i64) -> Result<AccountId, LedgerError> {
        if overdraft_limit < 0 {
            return Err(LedgerError::InvalidAmount);
        }
        self.accounts.push(Account {
            balance: 0,
            overdraft_limit,
        });
        Ok(self.accounts.len() as AccountId)
    }

    pub fn balance(&self, account: AccountId) -> Result<i64, LedgerError> {
        Ok(self.account(account)?.balance)
    }

    pub fn deposit(
        &mut self,
        key: &str,
        account: AccountId,
        amount: i64,
        at: u64,
    ) -> Result<TxId, LedgerError> {
        self.execute(key, Operation::Deposit { account, amount }, at)
    }

    pub fn withdraw(
        &mut self,
        key: &str,
        account: AccountId,
        amount: i64,
        at: u64,
    ) -> Result<TxId, LedgerError> {
        self.execute(key, Operation::Withdraw { account, amount }, at)
    }

    pub fn transfer(
        &mut self,
        key: &str,
        from: AccountId,
        to: AccountId,
        amount: i64,
        at: u64,
    ) -> Result<TxId, LedgerError> {
        self.execute(key, Operation::Transfer { from, to, amount }, at)
    }

    /// Credits interest on a positive balance; returns the interest in cents.
    pub fn apply_interest(
        &mut self,
        account: AccountId,
        rate_bps: u32,
        at: u64,
    ) -> Result<i64, LedgerError> {
        let balance = self.account(account)?.balance;
        let interest = interest_for(balance, rate_bps)?;
        if interest == 0 {
            return Ok(0);
        }
        let new_balance = self.credited(account, interest)?;
        self.account_mut(account)?.balance = new_balance;
        let tx_id = self.next_tx_id();
        self.journal.push(Entry {
            tx_id,
            account,
            at,
            kind: EntryKind::Interest,
            amount: interest,
        });
        Ok(interest)
    }

    /// Entries of `account` with `from <= at < to`; see `statement.rs`.
    pub fn statement(
        &self,
        account: AccountId,
        from: u64,
        to: u64,
    ) -> Result<Statement, LedgerError> {
        self.account(account)?;
        Ok(build_statement(&self.journal, account, from, to))
    }

    fn account(&self, id: AccountId) -> Result<&Account, LedgerError> {
        id.checked_sub(1)
            .and_then(|i| self.accounts.get(i as usize))
            .ok_or(LedgerError::UnknownAccount(id))
    }

    fn account_mut(&mut self, id: AccountId) -> Result<&mut Account, LedgerError> {
        id.checked_sub(1)
            .and_then(|i| self.accounts.get_mut(i as usize))
            .ok_or(LedgerError::UnknownAccount(id))
    }

    /// The balance after crediting `amount`, without changing anything.
    fn credited(&self, id: AccountId, amount: i64) -> Result<i64, LedgerError> {
        self.account(id)?
            .balance
            .checked_add(amount)
            .ok_or(LedgerError::Overflow)
    }

    /// The balance after debiting `amount`, without changing anything.
    fn debited(&self, id: AccountId, amount: i64) -> Result<i64, LedgerError> {
        let account = self.account(id)?;
        // checked_sub: a huge debit must be refused, not overflow.
        match account.balance.checked_sub(amount) {
            Some(balance) if balance >= -account.overdraft_limit => Ok(balance),
            _ => Err(LedgerError::InsufficientFunds(id)),
        }
    }

    /// Validates `operation` completely and returns its postings as
    /// (account, kind, signed amount, balance after). Changes nothing.
    fn plan(&self, operation: &Operation) -> Result<Vec<Posting>, LedgerError> {
        match *operation {
            Operation::Deposit { account, amount } => {
                validate_amount(amount)?;
                let after = self.credited(account, amount)?;
                Ok(vec![(account, EntryKind::Deposit, amount, after)])
            }
            Operation::Withdraw { account, amount } => {
                validate_amount(amount)?;
                let after = self.debited(account, amount)?;
                Ok(vec![(account, EntryKind::Withdrawal, -amount, after)])
            }
            Operation::Transfer { from, to, amount } => {
                validate_amount(amount)?;
                self.account(from)?;
                self.account(to)?;
                if from == to {
                    return Err(LedgerError::SameAccount);
                }
                let from_after = self.debited(from, amount)?;
                let to_after = self.credited(to, amount)?;
                Ok(vec![
                    (from, EntryKind::TransferOut, -amount, from_after),
                    (to, EntryKind::TransferIn, amount, to_after),
                ])
            }
        }
    }

    fn next_tx_id(&mut self) -> TxId {
        self.last_tx_id += 1;
        self.last_tx_id
    }

    /// Runs `operation` under idempotency `key`: a key already used for the
    /// same operation returns the original tx id without doing anything; a key
    /// used for a different operation is a conflict. The key is checked before
    /// anything else and remembered only when the operation succeeds. The
    /// operation is validated completely before any balance changes.
    fn execute(&mut self, key: &str, operation: Operation, at: u64) -> Result<TxId, LedgerError> {
        if let Some(record) = self.keys.get(key) {
            return if record.operation == operation {
                Ok(record.tx_id)
            } else {
                Err(LedgerError::IdempotencyConflict(key.to_string()))
            };
        }
        let postings = self.plan(&operation)?;
        let tx_id = self.next_tx_id();
        for (account, kind, amount, balance_after) in postings {
            self.account_mut(account)?.balance = balance_after;
            self.journal.push(Entry {
                tx_id,
                account,
                at,
                kind,
                amount,
            });
        }
        self.keys
            .insert(key.to_string(), KeyRecord { operation, tx_id });
        Ok(tx_id)
    }
}

fn validate_amount(amount: i64) -> Result<(), LedgerError> {
    if amount <= 0 {
        return Err(LedgerError::InvalidAmount);
    }
    Ok(())
}
