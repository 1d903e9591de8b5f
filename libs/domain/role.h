// A staff member's role; parsed at the edge, trusted inside.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace billing::domain {

enum class Role { kAdmin, kStaff };

inline std::optional<Role> ParseRole(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "staff") return Role::kStaff;
  return std::nullopt;
}

inline const char* RoleName(Role role) { return role == Role::kAdmin ? "admin" : "staff"; }

}  // namespace billing::domain
