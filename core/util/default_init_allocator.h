#pragma once
// An allocator whose value-initialisation is default-initialisation: resize() of a vector of
// trivial elements leaves the new ones unwritten instead of zeroing them. For arrays that are
// sized first and then written element by element through a pointer (the fetcher's transaction
// plans: zeroing them first cost as much as writing them).

#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace spatten::core {

template <typename T, typename A = std::allocator<T>>
class DefaultInitAllocator : public A {
  using Traits = std::allocator_traits<A>;

public:
  using A::A;
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U, typename Traits::template rebind_alloc<U>>;
  };
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;  // default-initialised: trivial types stay unwritten
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    Traits::construct(static_cast<A&>(*this), p, std::forward<Args>(args)...);
  }
};

}  // namespace spatten::core
