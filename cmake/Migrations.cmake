# Embeds a service's versioned SQL migrations into its binary, so deployments ship one file.
set(BILLING_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/EmbedMigrations.cmake)

# billing_embed_migrations(<target> <schema> <dir>) adds a generated source defining
# `billing::db::Migrations <Schema>Migrations()` declared by the caller.
function(billing_embed_migrations target function_name dir)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFUNCTION=${function_name} -DDIR=${dir}
            -P ${BILLING_EMBED_SCRIPT}
    DEPENDS ${sql_files} ${BILLING_EMBED_SCRIPT}
    COMMENT "Embedding migrations for ${target}")
  target_sources(${target} PRIVATE ${out})
endfunction()
