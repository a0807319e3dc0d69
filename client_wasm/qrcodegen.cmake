# Nayuki's QR Code generator for ui/qr_code.cpp, included as <qrcodegen.hpp> in both builds.
# Natively Debian's libqrcodegencpp (libqrcodegencpp-dev); in the wasm build its one source
# file from Debian's source package qr-code-generator, which tools/setup.sh unpacks into
# .cache/qrcodegen (never committed), as Dear ImGui is built.
function(duet_link_qrcodegen target)
  if(EMSCRIPTEN)
    set(dir ${CMAKE_SOURCE_DIR}/.cache/qrcodegen/cpp)
    if(NOT EXISTS ${dir}/qrcodegen.cpp)
      message(FATAL_ERROR "QR Code generator sources not found in ${dir}; run tools/setup.sh")
    endif()
    if(NOT TARGET duet_qrcodegen)
      add_library(duet_qrcodegen STATIC ${dir}/qrcodegen.cpp)
      target_include_directories(duet_qrcodegen SYSTEM PUBLIC ${dir})
      # Vendored code keeps its own rules. It throws only past its capacity, which
      # ui/qr_code.cpp never asks for: a throw would abort, as any in this build.
      target_compile_options(duet_qrcodegen PRIVATE -w ${duet_client_opt})
    endif()
    target_link_libraries(${target} PUBLIC duet_qrcodegen)
  else()
    find_package(PkgConfig REQUIRED)
    if(NOT TARGET PkgConfig::QRCODEGEN)
      pkg_check_modules(QRCODEGEN REQUIRED IMPORTED_TARGET GLOBAL qrcodegencpp)
    endif()
    target_link_libraries(${target} PUBLIC PkgConfig::QRCODEGEN)
  endif()
endfunction()
