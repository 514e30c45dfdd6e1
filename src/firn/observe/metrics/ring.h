// Ring<T>: the last `capacity` values pushed, oldest first. A plain value type.
//
// Thread-safety: none; SeriesStore guards its rings with its mutex.
#pragma once

#include <cassert>
#include <cstddef>
#include <vector>

namespace firn::observe {

template <typename T>
class Ring {
 public:
  // REQUIRES: capacity > 0.
  explicit Ring(size_t capacity) : capacity_(capacity) { assert(capacity > 0); }

  void Push(T value) {
    if (items_.size() < capacity_) {
      items_.push_back(std::move(value));
    } else {
      items_[next_] = std::move(value);
      next_ = (next_ + 1) % capacity_;
    }
  }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  // The newest value. REQUIRES: !empty().
  const T& back() const { return items_[(next_ + items_.size() - 1) % items_.size()]; }
  // Calls f(value) oldest first.
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < items_.size(); ++i) f(items_[(next_ + i) % items_.size()]);
  }

 private:
  size_t capacity_;
  size_t next_ = 0;  // once full: the oldest value, overwritten next
  std::vector<T> items_;
};

}  // namespace firn::observe
