#pragma once
// Compressed Sparse Row (CSR) matrix. See instructions.md for the full contract.

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

namespace sparse {

template <class T>
struct Triplet {
    std::size_t row;
    std::size_t col;
    T value;
};

template <class T>
class CsrMatrix {
public:
    CsrMatrix(std::size_t rows, std::size_t cols)
        : rows_(rows), cols_(cols), row_ptr_(rows + 1, 0) {}

    static CsrMatrix from_triplets(std::size_t rows, std::size_t cols,
                                   const std::vector<Triplet<T>>& triplets) {
        for (const auto& t : triplets) {
            if (t.row >= rows || t.col >= cols) {
                throw std::out_of_range("triplet index out of range");
            }
        }

        // Stable counting sort by row: keeps input order inside every row.
        std::vector<std::size_t> start(rows + 1, 0);
        for (const auto& t : triplets) ++start[t.row + 1];
        for (std::size_t r = 0; r < rows; ++r) start[r + 1] += start[r];
        std::vector<std::size_t> order(triplets.size());
        {
            std::vector<std::size_t> next(start.begin(), start.end() - 1);
            for (std::size_t i = 0; i < triplets.size(); ++i) order[next[triplets[i].row]++] = i;
        }

        CsrMatrix m(rows, cols);
        for (std::size_t r = 0; r < rows; ++r) {
            const auto first = order.begin() + static_cast<std::ptrdiff_t>(start[r]);
            const auto last = order.begin() + static_cast<std::ptrdiff_t>(start[r + 1]);
            // Stable: duplicates of one position stay in input order.
            std::stable_sort(first, last, [&](std::size_t a, std::size_t b) {
                return triplets[a].col < triplets[b].col;
            });
            for (auto it = first; it != last;) {
                const std::size_t col = triplets[*it].col;
                T sum = T{};
                for (; it != last && triplets[*it].col == col; ++it) sum = sum + triplets[*it].value;
                m.push_entry(col, std::move(sum));
            }
            m.row_ptr_[r + 1] = m.col_idx_.size();
        }
        return m;
    }

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    std::size_t nnz() const { return values_.size(); }

    const std::vector<std::size_t>& row_ptr() const { return row_ptr_; }
    const std::vector<std::size_t>& col_indices() const { return col_idx_; }
    const std::vector<T>& values() const { return values_; }

    T at(std::size_t row, std::size_t col) const {
        if (row >= rows_ || col >= cols_) throw std::out_of_range("index out of range");
        const auto first = col_idx_.begin() + static_cast<std::ptrdiff_t>(row_ptr_[row]);
        const auto last = col_idx_.begin() + static_cast<std::ptrdiff_t>(row_ptr_[row + 1]);
        const auto it = std::lower_bound(first, last, col);
        if (it != last && *it == col) return values_[static_cast<std::size_t>(it - col_idx_.begin())];
        return T{};
    }

    std::vector<std::vector<T>> to_dense() const {
        std::vector<std::vector<T>> dense(rows_, std::vector<T>(cols_, T{}));
        for (std::size_t r = 0; r < rows_; ++r) {
            for (std::size_t k = row_ptr_[r]; k < row_ptr_[r + 1]; ++k) dense[r][col_idx_[k]] = values_[k];
        }
        return dense;
    }

    CsrMatrix transpose() const {
        CsrMatrix t(cols_, rows_);
        for (std::size_t c : col_idx_) ++t.row_ptr_[c + 1];
        for (std::size_t c = 0; c < cols_; ++c) t.row_ptr_[c + 1] += t.row_ptr_[c];
        t.col_idx_.resize(nnz());
        t.values_.resize(nnz(), T{});
        std::vector<std::size_t> next(t.row_ptr_.begin(), t.row_ptr_.end() - 1);
        // Rows are visited in increasing order, so every column of t comes out sorted.
        for (std::size_t r = 0; r < rows_; ++r) {
            for (std::size_t k = row_ptr_[r]; k < row_ptr_[r + 1]; ++k) {
                const std::size_t dst = next[col_idx_[k]]++;
                t.col_idx_[dst] = r;
                t.values_[dst] = values_[k];
            }
        }
        return t;
    }

    std::vector<T> multiply(const std::vector<T>& x) const {
        if (x.size() != cols_) throw std::invalid_argument("dimension mismatch");
        std::vector<T> y(rows_, T{});
        for (std::size_t r = 0; r < rows_; ++r) {
            T sum = T{};
            for (std::size_t k = row_ptr_[r]; k < row_ptr_[r + 1]; ++k) sum = sum + values_[k] * x[col_idx_[k]];
            y[r] = std::move(sum);
        }
        return y;
    }

    CsrMatrix multiply(const CsrMatrix& other) const {
        if (cols_ != other.rows_) throw std::invalid_argument("dimension mismatch");
        CsrMatrix result(rows_, other.cols_);
        // Gustavson's algorithm with a dense accumulator over the columns of `other`.
        std::vector<T> acc(other.cols_, T{});
        std::vector<bool> used(other.cols_, false);
        std::vector<std::size_t> touched;
        for (std::size_t r = 0; r < rows_; ++r) {
            touched.clear();
            for (std::size_t ka = row_ptr_[r]; ka < row_ptr_[r + 1]; ++ka) {
                const std::size_t k = col_idx_[ka];
                for (std::size_t kb = other.row_ptr_[k]; kb < other.row_ptr_[k + 1]; ++kb) {
                    const std::size_t c = other.col_idx_[kb];
                    if (!used[c]) {
                        used[c] = true;
                        touched.push_back(c);
                    }
                    acc[c] = acc[c] + values_[ka] * other.values_[kb];
                }
            }
            std::sort(touched.begin(), touched.end());
            for (std::size_t c : touched) {
                result.push_entry(c, std::move(acc[c]));
                acc[c] = T{};
                used[c] = false;
            }
            result.row_ptr_[r + 1] = result.col_idx_.size();
        }
        return result;
    }

    CsrMatrix add(const CsrMatrix& other) const {
        if (rows_ != other.rows_ || cols_ != other.cols_) {
            throw std::invalid_argument("dimension mismatch");
        }
        CsrMatrix result(rows_, cols_);
        for (std::size_t r = 0; r < rows_; ++r) {
            std::size_t a = row_ptr_[r];
            const std::size_t a_end = row_ptr_[r + 1];
            std::size_t b = other.row_ptr_[r];
            const std::size_t b_end = other.row_ptr_[r + 1];
            while (a < a_end || b < b_end) {
                if (b == b_end || (a < a_end && col_idx_[a] < other.col_idx_[b])) {
                    result.push_entry(col_idx_[a], values_[a]);
                    ++a;
                } else if (a == a_end || other.col_idx_[b] < col_idx_[a]) {
                    result.push_entry(other.col_idx_[b], other.values_[b]);
                    ++b;
                } else {
                    result.push_entry(col_idx_[a], values_[a] + other.values_[b]);
                    ++a;
                    ++b;
                }
            }
            result.row_ptr_[r + 1] = result.col_idx_.size();
        }
        return result;
    }

    bool operator==(const CsrMatrix& other) const {
        return rows_ == other.rows_ && cols_ == other.cols_ && row_ptr_ == other.row_ptr_ &&
               col_idx_ == other.col_idx_ && values_ == other.values_;
    }

    CsrMatrix operator+(const CsrMatrix& other) const { return add(other); }
    CsrMatrix operator*(const CsrMatrix& other) const { return multiply(other); }
    std::vector<T> operator*(const std::vector<T>& x) const { return multiply(x); }

private:
    // Appends an entry to the row being built, dropping values equal to T{}.
    void push_entry(std::size_t col, T value) {
        if (value == T{}) return;
        col_idx_.push_back(col);
        values_.push_back(std::move(value));
    }

    std::size_t rows_;
    std::size_t cols_;
    std::vector<std::size_t> row_ptr_;
    std::vector<std::size_t> col_idx_;
    std::vector<T> values_;
};

}  // namespace sparse
