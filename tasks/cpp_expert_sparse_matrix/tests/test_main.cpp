// Grading tests for sparse::CsrMatrix.
// Tiny self-contained runner: every test runs in order, exceptions are caught, one line is
// printed per test, the last line is "N passed, M failed", and the results are written
// as JUnit XML to $BENCH_REPORT_FILE (the catalog's _shared/junit/junit_report.hpp), which is
// what the grader reads.

#include "sparse_matrix.hpp"
#include "junit_report.hpp"

#include <complex>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct TestFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] __attribute__((noinline)) void fail_check(const char* cond, int line) {
    throw TestFailure(std::string("CHECK failed: ") + cond + " (line " + std::to_string(line) + ")");
}

#define CHECK(cond)                                    \
    do {                                               \
        if (!(cond)) fail_check(#cond, __LINE__);      \
    } while (0)

// Expects `fn` to throw exactly the exception type Ex with the given what() text.
template <class Ex, class Fn>
void check_throws(Fn&& fn, const std::string& message, const char* type_name, int line) {
    const std::string where = " (line " + std::to_string(line) + ")";
    try {
        fn();
    } catch (const Ex& e) {
        if (message != e.what()) {
            throw TestFailure(std::string(type_name) + " had what() \"" + e.what() +
                              "\", expected \"" + message + "\"" + where);
        }
        return;
    } catch (const std::exception& e) {
        throw TestFailure(std::string("expected ") + type_name + " but got: " + e.what() + where);
    } catch (...) {
        throw TestFailure(std::string("expected ") + type_name + " but got a non-std exception" + where);
    }
    throw TestFailure(std::string("expected ") + type_name + " but nothing was thrown" + where);
}
#define CHECK_THROWS(ExType, message, expr) \
    check_throws<ExType>([&] { (void)(expr); }, message, #ExType, __LINE__)

using sparse::CsrMatrix;
using sparse::Triplet;
using Idx = std::vector<std::size_t>;

// Integers modulo 7 providing ONLY: default construction (zero), copy, +, * and ==.
class Mod7 {
public:
    Mod7() = default;
    static Mod7 of(int x) {
        Mod7 m;
        m.v_ = ((x % 7) + 7) % 7;
        return m;
    }
    int value() const { return v_; }
    friend Mod7 operator+(const Mod7& a, const Mod7& b) { return of(a.v_ + b.v_); }
    friend Mod7 operator*(const Mod7& a, const Mod7& b) { return of(a.v_ * b.v_); }
    friend bool operator==(const Mod7& a, const Mod7& b) { return a.v_ == b.v_; }

private:
    int v_ = 0;
};

// Deterministic pseudo-random generator (no dependence on the standard library's engines).
struct Lcg {
    std::uint64_t state;
    std::uint32_t next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state >> 33);
    }
};

std::vector<Triplet<long long>> random_triplets(Lcg& rng, std::size_t rows, std::size_t cols,
                                                std::size_t count) {
    std::vector<Triplet<long long>> out;
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back({rng.next() % rows, rng.next() % cols,
                       static_cast<long long>(rng.next() % 11) - 5});  // includes zeros
    }
    return out;
}

template <class T>
std::vector<std::vector<T>> dense_from(std::size_t rows, std::size_t cols,
                                       const std::vector<Triplet<T>>& ts) {
    std::vector<std::vector<T>> d(rows, std::vector<T>(cols, T{}));
    for (const auto& t : ts) d[t.row][t.col] = d[t.row][t.col] + t.value;
    return d;
}

// Checks the canonical-form invariants of a CSR matrix.
template <class T>
void check_canonical(const CsrMatrix<T>& m) {
    const auto& rp = m.row_ptr();
    const auto& ci = m.col_indices();
    const auto& vs = m.values();
    CHECK(rp.size() == m.rows() + 1);
    CHECK(rp.front() == 0);
    CHECK(rp.back() == m.nnz());
    CHECK(ci.size() == m.nnz());
    CHECK(vs.size() == m.nnz());
    for (std::size_t r = 0; r < m.rows(); ++r) {
        CHECK(rp[r] <= rp[r + 1]);
        for (std::size_t k = rp[r]; k < rp[r + 1]; ++k) {
            CHECK(ci[k] < m.cols());
            if (k > rp[r]) CHECK(ci[k - 1] < ci[k]);
            CHECK(!(vs[k] == T{}));
        }
    }
}

// ---------------------------------------------------------------------------------------

void test_empty_matrices() {
    CsrMatrix<int> m(3, 4);
    CHECK(m.rows() == 3);
    CHECK(m.cols() == 4);
    CHECK(m.nnz() == 0);
    CHECK(m.row_ptr() == (Idx{0, 0, 0, 0}));
    CHECK(m.col_indices().empty());
    CHECK(m.values().empty());
    CHECK(m.at(2, 3) == 0);
    CHECK(m.to_dense() == (std::vector<std::vector<int>>(3, std::vector<int>(4, 0))));

    CsrMatrix<int> z(0, 0);
    CHECK(z.row_ptr() == (Idx{0}));
    CHECK(z.nnz() == 0);
    CHECK(z.multiply(std::vector<int>{}).empty());
    CHECK(z.transpose() == z);
}

void test_from_triplets_builds_sorted_csr() {
    // [ 0 2 0 0 ]
    // [ 0 0 0 0 ]
    // [ 7 0 0 3 ]
    auto m = CsrMatrix<int>::from_triplets(3, 4, {{2, 3, 3}, {0, 1, 2}, {2, 0, 7}});
    check_canonical(m);
    CHECK(m.nnz() == 3);
    CHECK(m.row_ptr() == (Idx{0, 1, 1, 3}));
    CHECK(m.col_indices() == (Idx{1, 0, 3}));
    CHECK(m.values() == (std::vector<int>{2, 7, 3}));
    CHECK(m.at(0, 1) == 2);
    CHECK(m.at(2, 0) == 7);
    CHECK(m.at(2, 3) == 3);
    CHECK(m.at(1, 1) == 0);
    CHECK(m.at(2, 2) == 0);
    CHECK(m.to_dense() == (std::vector<std::vector<int>>{{0, 2, 0, 0}, {0, 0, 0, 0}, {7, 0, 0, 3}}));
}

void test_duplicates_summed_and_zeros_dropped() {
    auto m = CsrMatrix<int>::from_triplets(
        2, 3, {{1, 2, 3}, {0, 0, 5}, {0, 1, 0}, {1, 2, 4}, {0, 0, -5}, {1, 0, 1}, {1, 2, -1}});
    check_canonical(m);
    CHECK(m.row_ptr() == (Idx{0, 0, 2}));
    CHECK(m.col_indices() == (Idx{0, 2}));
    CHECK(m.values() == (std::vector<int>{1, 6}));
    CHECK(m.at(0, 0) == 0);
    CHECK(m.at(0, 1) == 0);
}

void test_duplicates_summed_in_input_order_for_doubles() {
    // Floating-point addition is not associative: the input order is part of the contract.
    auto m = CsrMatrix<double>::from_triplets(
        2, 3,
        {{0, 1, 1e16}, {1, 2, 1e16}, {0, 1, 1.0}, {1, 2, -1e16}, {0, 1, -1e16}, {1, 2, 1.0},
         {0, 2, -0.0}, {1, 0, 0.5}});
    check_canonical(m);
    // (0,1): (1e16 + 1) - 1e16 == 0 in double arithmetic -> dropped.
    // (1,2): (1e16 - 1e16) + 1 == 1.
    // (0,2): -0.0 == 0.0 -> dropped.
    CHECK(m.row_ptr() == (Idx{0, 0, 2}));
    CHECK(m.col_indices() == (Idx{0, 2}));
    CHECK(m.values() == (std::vector<double>{0.5, 1.0}));

    // Many duplicates in one long row: every position receives 1e16, 1, -1e16 in this input
    // order (interleaved with other positions), so every sum is exactly 0.
    std::vector<Triplet<double>> ts;
    const double parts[3] = {1e16, 1.0, -1e16};
    for (int part = 0; part < 3; ++part) {
        for (std::size_t i = 0; i < 40; ++i) ts.push_back({1, (i * 17) % 40, parts[part]});
    }
    ts.push_back({1, 39, 2.0});
    ts.push_back({0, 5, 3.0});
    auto big = CsrMatrix<double>::from_triplets(2, 40, ts);
    check_canonical(big);
    CHECK(big.row_ptr() == (Idx{0, 1, 2}));
    CHECK(big.col_indices() == (Idx{5, 39}));
    CHECK(big.values() == (std::vector<double>{3.0, 2.0}));
}

void test_index_errors() {
    CHECK_THROWS(std::out_of_range, "triplet index out of range",
                 CsrMatrix<int>::from_triplets(2, 2, {{0, 0, 1}, {2, 0, 1}}));
    CHECK_THROWS(std::out_of_range, "triplet index out of range",
                 CsrMatrix<int>::from_triplets(2, 2, {{0, 2, 1}}));
    CHECK_THROWS(std::out_of_range, "triplet index out of range",
                 CsrMatrix<int>::from_triplets(0, 5, {{0, 0, 0}}));
    auto m = CsrMatrix<int>::from_triplets(2, 3, {{1, 1, 4}});
    CHECK_THROWS(std::out_of_range, "index out of range", m.at(2, 0));
    CHECK_THROWS(std::out_of_range, "index out of range", m.at(0, 3));
    CHECK_THROWS(std::out_of_range, "index out of range", CsrMatrix<int>(0, 0).at(0, 0));
}

void test_transpose() {
    auto m = CsrMatrix<int>::from_triplets(2, 4, {{0, 3, 1}, {1, 0, 2}, {0, 1, 3}, {1, 3, 4}});
    auto t = m.transpose();
    check_canonical(t);
    CHECK(t.rows() == 4);
    CHECK(t.cols() == 2);
    CHECK(t.row_ptr() == (Idx{0, 1, 2, 2, 4}));
    CHECK(t.col_indices() == (Idx{1, 0, 0, 1}));
    CHECK(t.values() == (std::vector<int>{2, 3, 1, 4}));
    CHECK(t.transpose() == m);

    CsrMatrix<int> wide(1, 5);
    auto wt = wide.transpose();
    CHECK(wt.rows() == 5);
    CHECK(wt.cols() == 1);
    CHECK(wt.row_ptr() == (Idx{0, 0, 0, 0, 0, 0}));
}

void test_matrix_vector_product() {
    auto m = CsrMatrix<int>::from_triplets(3, 3, {{0, 0, 2}, {0, 2, -1}, {2, 1, 5}});
    CHECK(m.multiply(std::vector<int>{1, 2, 3}) == (std::vector<int>{-1, 0, 10}));
    CHECK((m * std::vector<int>{4, 0, 8}) == (std::vector<int>{0, 0, 0}));
    CHECK_THROWS(std::invalid_argument, "dimension mismatch", m.multiply(std::vector<int>{1, 2}));
    CHECK_THROWS(std::invalid_argument, "dimension mismatch",
                 m.multiply(std::vector<int>{1, 2, 3, 4}));

    // Accumulation in increasing column order starting from T{}:
    // ((0 + 1e16) + 1) + (-1e16) == 0, whereas other orders give 1.
    auto d = CsrMatrix<double>::from_triplets(1, 3, {{0, 2, -1e16}, {0, 0, 1e16}, {0, 1, 1.0}});
    CHECK(d.multiply(std::vector<double>{1.0, 1.0, 1.0}) == (std::vector<double>{0.0}));
    CsrMatrix<double> no_cols(2, 0);
    CHECK(no_cols.multiply(std::vector<double>{}) == (std::vector<double>{0.0, 0.0}));
}

void test_sparse_sparse_product_small() {
    // A = [1 2 0]   B = [0 1]
    //     [0 0 3]       [1 0]
    //                   [4 0]
    auto a = CsrMatrix<int>::from_triplets(2, 3, {{0, 0, 1}, {0, 1, 2}, {1, 2, 3}});
    auto b = CsrMatrix<int>::from_triplets(3, 2, {{0, 1, 1}, {1, 0, 1}, {2, 0, 4}});
    auto c = a * b;
    check_canonical(c);
    CHECK(c.rows() == 2);
    CHECK(c.cols() == 2);
    CHECK(c.to_dense() == (std::vector<std::vector<int>>{{2, 1}, {12, 0}}));
    CHECK(c.row_ptr() == (Idx{0, 2, 3}));
    CHECK(c.col_indices() == (Idx{0, 1, 0}));

    // Numerical cancellation: the structurally non-zero product is zero and must be dropped.
    auto row = CsrMatrix<int>::from_triplets(1, 2, {{0, 0, 1}, {0, 1, 1}});
    auto col = CsrMatrix<int>::from_triplets(2, 1, {{0, 0, 3}, {1, 0, -3}});
    auto zero = row.multiply(col);
    CHECK(zero.rows() == 1);
    CHECK(zero.cols() == 1);
    CHECK(zero.nnz() == 0);
    CHECK(zero.row_ptr() == (Idx{0, 0}));

    // Accumulation over k in increasing order: (1e16*1 + 1*1) + (-1e16*1) == 0.
    auto dl = CsrMatrix<double>::from_triplets(1, 3, {{0, 0, 1e16}, {0, 1, 1.0}, {0, 2, -1e16}});
    auto dr = CsrMatrix<double>::from_triplets(3, 1, {{0, 0, 1.0}, {1, 0, 1.0}, {2, 0, 1.0}});
    CHECK((dl * dr).nnz() == 0);
}

void test_sparse_sparse_product_dimensions() {
    CsrMatrix<int> a(2, 3);
    CsrMatrix<int> b(2, 3);
    CHECK_THROWS(std::invalid_argument, "dimension mismatch", a.multiply(b));
    CHECK_THROWS(std::invalid_argument, "dimension mismatch", a * b);

    // Empty inner dimension: (2x0) * (0x3) is the 2x3 zero matrix.
    CsrMatrix<int> l(2, 0);
    CsrMatrix<int> r(0, 3);
    auto p = l * r;
    CHECK(p.rows() == 2);
    CHECK(p.cols() == 3);
    CHECK(p.nnz() == 0);
    CHECK(p.row_ptr() == (Idx{0, 0, 0}));
}

void test_addition() {
    auto a = CsrMatrix<int>::from_triplets(2, 3, {{0, 0, 1}, {0, 2, 2}, {1, 1, 5}});
    auto b = CsrMatrix<int>::from_triplets(2, 3, {{0, 1, 4}, {0, 2, -2}, {1, 0, 7}, {1, 1, 1}});
    auto c = a + b;
    check_canonical(c);
    CHECK(c.row_ptr() == (Idx{0, 2, 4}));
    CHECK(c.col_indices() == (Idx{0, 1, 0, 1}));
    CHECK(c.values() == (std::vector<int>{1, 4, 7, 6}));
    CHECK(a.add(b) == c);
    CHECK_THROWS(std::invalid_argument, "dimension mismatch", a + CsrMatrix<int>(3, 2));
    CHECK_THROWS(std::invalid_argument, "dimension mismatch", a.add(CsrMatrix<int>(2, 4)));

    auto d1 = CsrMatrix<double>::from_triplets(1, 2, {{0, 0, 0.1}, {0, 1, 0.5}});
    auto d2 = CsrMatrix<double>::from_triplets(1, 2, {{0, 0, 0.2}, {0, 1, -0.5}});
    auto d = d1 + d2;
    CHECK(d.nnz() == 1);
    CHECK(d.at(0, 0) == 0.1 + 0.2);
}

void test_equality() {
    auto a = CsrMatrix<int>::from_triplets(2, 2, {{0, 1, 3}, {1, 0, 4}});
    auto b = CsrMatrix<int>::from_triplets(2, 2, {{1, 0, 1}, {0, 1, 3}, {1, 0, 3}, {1, 1, 0}});
    CHECK(a == b);
    CHECK(!(a != b));
    auto c = CsrMatrix<int>::from_triplets(2, 2, {{0, 1, 3}, {1, 0, 5}});
    CHECK(a != c);
    CHECK(!(CsrMatrix<int>(2, 3) == CsrMatrix<int>(3, 2)));
    CHECK(CsrMatrix<int>(2, 3) == CsrMatrix<int>::from_triplets(2, 3, {{1, 1, 0}}));
    CHECK(CsrMatrix<int>(2, 3) != CsrMatrix<int>(2, 4));
}

void test_custom_value_type() {
    using M = CsrMatrix<Mod7>;
    // 3 + 4 == 0 (mod 7): the duplicate sum vanishes and must be dropped.
    auto a = M::from_triplets(2, 2, {{0, 0, Mod7::of(3)}, {0, 0, Mod7::of(4)}, {0, 1, Mod7::of(2)},
                                     {1, 1, Mod7::of(5)}});
    check_canonical(a);
    CHECK(a.nnz() == 2);
    CHECK(a.at(0, 0) == Mod7{});
    CHECK(a.at(0, 1).value() == 2);
    auto sq = a * a;  // [[0,2],[0,5]]^2 = [[0,10],[0,25]] = [[0,3],[0,4]] mod 7
    CHECK(sq.nnz() == 2);
    CHECK(sq.at(0, 1).value() == 3);
    CHECK(sq.at(1, 1).value() == 4);
    auto sum = a + M::from_triplets(2, 2, {{1, 1, Mod7::of(2)}});  // 5 + 2 == 0
    CHECK(sum.nnz() == 1);
    CHECK(sum.at(0, 1).value() == 2);
    auto y = a.multiply(std::vector<Mod7>{Mod7::of(1), Mod7::of(3)});
    CHECK(y.size() == 2);
    CHECK(y[0].value() == 6);
    CHECK(y[1].value() == 1);
    CHECK(a.transpose().at(1, 0).value() == 2);
    CHECK(a.to_dense()[1][0] == Mod7{});
}

void test_randomized_against_dense_reference() {
    Lcg rng{12345};
    const std::size_t n = 60, k = 45, p = 50;
    auto ta = random_triplets(rng, n, k, 300);
    auto tb = random_triplets(rng, k, p, 260);
    auto tc = random_triplets(rng, n, k, 280);
    auto a = CsrMatrix<long long>::from_triplets(n, k, ta);
    auto b = CsrMatrix<long long>::from_triplets(k, p, tb);
    auto c = CsrMatrix<long long>::from_triplets(n, k, tc);
    const auto da = dense_from(n, k, ta);
    const auto db = dense_from(k, p, tb);
    const auto dc = dense_from(n, k, tc);
    check_canonical(a);
    check_canonical(b);
    CHECK(a.to_dense() == da);
    CHECK(b.to_dense() == db);

    std::vector<std::vector<long long>> dprod(n, std::vector<long long>(p, 0));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < p; ++j)
            for (std::size_t q = 0; q < k; ++q) dprod[i][j] += da[i][q] * db[q][j];
    auto prod = a * b;
    check_canonical(prod);
    CHECK(prod.to_dense() == dprod);
    CHECK(prod.transpose() == b.transpose() * a.transpose());

    auto s = a + c;
    check_canonical(s);
    CHECK(s == c + a);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < k; ++j) CHECK(s.at(i, j) == da[i][j] + dc[i][j]);

    std::vector<long long> x(k);
    for (std::size_t j = 0; j < k; ++j) x[j] = static_cast<long long>(j % 9) - 4;
    auto y = a * x;
    for (std::size_t i = 0; i < n; ++i) {
        long long expect = 0;
        for (std::size_t j = 0; j < k; ++j) expect += da[i][j] * x[j];
        CHECK(y[i] == expect);
    }
}

// ---------------------------------------------------------------------------------------

struct TestCase {
    const char* name;
    void (*fn)();
};

const TestCase kTests[] = {
    {"empty_matrices", test_empty_matrices},
    {"from_triplets_builds_sorted_csr", test_from_triplets_builds_sorted_csr},
    {"duplicates_summed_and_zeros_dropped", test_duplicates_summed_and_zeros_dropped},
    {"duplicates_summed_in_input_order_for_doubles",
     test_duplicates_summed_in_input_order_for_doubles},
    {"index_errors", test_index_errors},
    {"transpose", test_transpose},
    {"matrix_vector_product", test_matrix_vector_product},
    {"sparse_sparse_product_small", test_sparse_sparse_product_small},
    {"sparse_sparse_product_dimensions", test_sparse_sparse_product_dimensions},
    {"addition", test_addition},
    {"equality", test_equality},
    {"custom_value_type", test_custom_value_type},
    {"randomized_against_dense_reference", test_randomized_against_dense_reference},
};

}  // namespace

int main() {
    int passed = 0, failed = 0;
    std::vector<junit::Result> results;
    for (const auto& t : kTests) {
        std::string error;
        try {
            t.fn();
        } catch (const std::exception& e) {
            error = e.what();
            if (error.empty()) error = "exception";
        } catch (...) {
            error = "unknown exception";
        }
        if (error.empty()) {
            ++passed;
            std::printf("PASS %s\n", t.name);
        } else {
            ++failed;
            std::printf("FAIL %s: %s\n", t.name, error.c_str());
        }
        results.push_back({t.name, error});
        std::fflush(stdout);
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    if (!junit::write("sparse_matrix", results)) return 3;
    return failed > 0 ? 1 : 0;
}
