//! Interest calculation in exact integer arithmetic.

use crate::LedgerError;

/// Basis points per whole: 10 000 bps = 100 %.
const BPS_PER_UNIT: i128 = 10_000;

/// Interest in cents on `balance` at `rate_bps` basis points: the exact value
/// `balance * rate_bps / 10_000` rounded to the nearest cent, ties to even.
/// Only positive balances earn interest. Computed in i128 so that neither the
/// product nor float rounding can corrupt it; fails if the result does not fit.
pub(crate) fn interest_for(balance: i64, rate_bps: u32) -> Result<i64, LedgerError> {
    if balance <= 0 || rate_bps == 0 {
        return Ok(0);
    }
    let product = i128::from(balance) * i128::from(rate_bps);
    let quotient = product / BPS_PER_UNIT;
    let remainder = product % BPS_PER_UNIT;
    let rounded = match (2 * remainder).cmp(&BPS_PER_UNIT) {
        std::cmp::Ordering::Less => quotient,
        std::cmp::Ordering::Greater => quotient + 1,
        std::cmp::Ordering::Equal => quotient + (quotient & 1),
    };
    i64::try_from(rounded).map_err(|_| LedgerError::Overflow)
}
