//! Interest calculation.

/// Basis points per whole: 10 000 bps = 100 %.
const BPS_PER_UNIT: f64 = 10_000.0;

/// Interest in cents on `balance` at `rate_bps` basis points, rounded to the
/// nearest cent. Only positive balances earn interest.
pub(crate) fn interest_for(balance: i64, rate_bps: u32) -> i64 {
    if balance <= 0 || rate_bps == 0 {
        return 0;
    }
    let exact = balance as f64 * f64::from(rate_bps) / BPS_PER_UNIT;
    exact.round() as i64
}
