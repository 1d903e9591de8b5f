# Script mode: writes a C++ file returning the SQL files of DIR as a list of migrations.
file(GLOB sql_files ${DIR}/*.sql)
list(SORT sql_files)
set(body "")
foreach(f IN LISTS sql_files)
  get_filename_component(name ${f} NAME)
  string(REGEX MATCH "^[0-9]+" version ${name})
  if(version STREQUAL "")
    message(FATAL_ERROR "migration ${name} must start with its version number")
  endif()
  math(EXPR version "${version}")
  file(READ ${f} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"__sql__(${sql})__sql__\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from ${DIR}; do not edit.
#include \"db/migrations.h\"

namespace billing::db {
std::vector<Migration> ${FUNCTION}() {
  return {
${body}  };
}
}  // namespace billing::db
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
