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
        validate_amount(amount)?;
        self.account(account)?;
        self.credit(account, amount)?;
        self.commit(
            key,
            Operation::Deposit { account, amount },
            at,
            &[(account, EntryKind::Deposit, amount)],
        )
    }

    pub fn withdraw(
        &mut self,
        key: &str,
        account: AccountId,
        amount: i64,
        at: u64,
    ) -> Result<TxId, LedgerError> {
        validate_amount(amount)?;
        self.account(account)?;
        self.debit(account, amount)?;
        self.commit(
            key,
            Operation::Withdraw { account, amount },
            at,
            &[(account, EntryKind::Withdrawal, -amount)],
        )
    }

    pub fn transfer(
        &mut self,
        key: &str,
        from: AccountId,
        to: AccountId,
        amount: i64,
        at: u64,
    ) -> Result<TxId, LedgerError> {
        validate_amount(amount)?;
        self.account(from)?;
        self.account(to)?;
        if from == to {
            return Err(LedgerError::SameAccount);
        }
        self.debit(from, amount)?;
        self.account_mut(to)?.balance += amount;
        self.commit(
            key,
            Operation::Transfer { from, to, amount },
            at,
            &[
                (from, EntryKind::TransferOut, -amount),
                (to, EntryKind::TransferIn, amount),
            ],
        )
    }

    /// Credits interest on a positive balance; returns the interest in cents.
    pub fn apply_interest(
        &mut self,
        account: AccountId,
        rate_bps: u32,
        at: u64,
    ) -> Result<i64, LedgerError> {
        let balance = self.account(account)?.balance;
        let interest = interest_for(balance, rate_bps);
        if interest == 0 {
            return Ok(0);
        }
        self.credit(account, interest)?;
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

    fn credit(&mut self, id: AccountId, amount: i64) -> Result<(), LedgerError> {
        let account = self.account_mut(id)?;
        account.balance = account
            .balance
            .checked_add(amount)
            .ok_or(LedgerError::Overflow)?;
        Ok(())
    }

    fn debit(&mut self, id: AccountId, amount: i64) -> Result<(), LedgerError> {
        let account = self.account_mut(id)?;
        if account.balance - amount < -account.overdraft_limit {
            return Err(LedgerError::InsufficientFunds(id));
        }
        account.balance -= amount;
        Ok(())
    }

    fn next_tx_id(&mut self) -> TxId {
        self.last_tx_id += 1;
        self.last_tx_id
    }

    /// Records the postings of a successful operation under a new tx id and
    /// remembers the idempotency key. A key that was already used for the same
    /// operation returns the original tx id.
    fn commit(
        &mut self,
        key: &str,
        operation: Operation,
        at: u64,
        postings: &[(AccountId, EntryKind, i64)],
    ) -> Result<TxId, LedgerError> {
        if let Some(record) = self.keys.get(key) {
            return if record.operation == operation {
                Ok(record.tx_id)
            } else {
                Err(LedgerError::IdempotencyConflict(key.to_string()))
            };
        }
        let tx_id = self.next_tx_id();
        for &(account, kind, amount) in postings {
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
