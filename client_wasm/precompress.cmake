# cmake -DWEB_ROOT=DIR [-DBROTLI=/usr/bin/brotli] -P precompress.cmake
# Writes FILE.gz (and FILE.br) next to every servable file whose copy is missing or older.
file(GLOB files ${WEB_ROOT}/*.html ${WEB_ROOT}/*.js ${WEB_ROOT}/*.wasm ${WEB_ROOT}/*.css)
find_program(GZIP gzip REQUIRED)
foreach(f IN LISTS files)
  if(NOT EXISTS ${f}.gz OR ${f} IS_NEWER_THAN ${f}.gz)
    # -n: no name or time stamp inside, so the same input gives the same bytes.
    execute_process(COMMAND ${GZIP} -9 -n -k -f ${f} COMMAND_ERROR_IS_FATAL ANY)
  endif()
  if(BROTLI AND (NOT EXISTS ${f}.br OR ${f} IS_NEWER_THAN ${f}.br))
    execute_process(COMMAND ${BROTLI} -q 11 -k -f ${f} COMMAND_ERROR_IS_FATAL ANY)
  endif()
endforeach()
