// What a call threw: the errors::Error it ended with, or nullopt when it returned normally.
#pragma once

#include <functional>
#include <optional>

#include "errors/error.h"

namespace billing::auth::testing {

inline std::optional<errors::Error> ErrorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const errors::Error& error) {
    return error;
  }
  return std::nullopt;
}

}  // namespace billing::auth::testing
