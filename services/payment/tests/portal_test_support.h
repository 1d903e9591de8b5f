// What the portal tests share: the error a call throws, and a customer number's customer.
#pragma once

#include <optional>

#include "errors/error.h"
#include "portal_clients.h"

namespace billing::payment::testing {

// The errors::Error `call` throws; nullopt when it throws none.
template <typename Call>
std::optional<errors::Error> ErrorOf(Call&& call) {
  try {
    call();
  } catch (const errors::Error& error) {
    return error;
  }
  return std::nullopt;
}

inline PortalCustomerView Budi() {
  return {42, "Budi Santoso", "6281234567890", "Jl. Mawar 1", "internet", "active"};
}

inline PortalCustomerView Siti() {
  return {43, "Siti Aminah", "6281399998888", "Jl. Kenanga 3", "internet", "active"};
}

}  // namespace billing::payment::testing
