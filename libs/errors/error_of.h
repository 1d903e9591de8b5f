// For tests: what a call threw, as the one error type (errors::Error), or nothing.
#pragma once

#include <functional>
#include <optional>

#include "errors/error.h"

namespace billing::errors {

// The errors::Error the call ended with, or nullopt when it returned normally.
inline std::optional<Error> ErrorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& error) {
    return error;
  }
  return std::nullopt;
}

// The code of the error the call ended with, or nullopt when it returned normally.
inline std::optional<Code> CodeOf(const std::function<void()>& call) {
  auto error = ErrorOf(call);
  if (!error) return std::nullopt;
  return error->code();
}

}  // namespace billing::errors
