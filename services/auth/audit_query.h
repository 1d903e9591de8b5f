// Validation of audit-trail filters (pure): dates, entity and action names, paging.
#pragma once

#include <string>

namespace billing::auth {

struct AuditQuery {
  std::string user;    // actor username, "" = any
  std::string entity;  // "" = any
  std::string action;  // "" = any
  std::string from;    // YYYY-MM-DD inclusive, "" = open
  std::string to;      // YYYY-MM-DD inclusive, "" = open
  int limit = 50;
  int offset = 0;
};

// A real calendar date written YYYY-MM-DD (years 1900-9999).
bool IsCalendarDate(const std::string& text);

// Throws errors::Error(invalid_argument) naming every bad field.
void CheckAuditQuery(const AuditQuery& query);

}  // namespace billing::auth
