# Dear ImGui 1.86, from the cache tools/setup.sh fills (never committed), as a static
# library: the bundle (client_wasm/CMakeLists.txt) and the native UI tests
# (tests/client_wasm/) build it alike.
set(DUET_IMGUI_DIR ${CMAKE_SOURCE_DIR}/.cache/imgui CACHE PATH "Dear ImGui 1.86 sources")
if(NOT EXISTS ${DUET_IMGUI_DIR}/imgui.cpp)
  message(FATAL_ERROR "Dear ImGui sources not found in ${DUET_IMGUI_DIR}; run tools/setup.sh")
endif()

function(duet_add_imgui name)
  add_library(${name} STATIC
    ${DUET_IMGUI_DIR}/imgui.cpp
    ${DUET_IMGUI_DIR}/imgui_draw.cpp
    ${DUET_IMGUI_DIR}/imgui_tables.cpp
    ${DUET_IMGUI_DIR}/imgui_widgets.cpp)
  target_include_directories(${name} SYSTEM PUBLIC ${DUET_IMGUI_DIR})
  target_compile_definitions(${name} PUBLIC
    IMGUI_DISABLE_OBSOLETE_FUNCTIONS
    IMGUI_DISABLE_DEMO_WINDOWS         # bundle size
    IMGUI_DISABLE_METRICS_WINDOW
    IMGUI_DISABLE_FILE_FUNCTIONS       # no imgui.ini, no stdio in the bundle
    # 32-bit ImWchar: an emoji past the BMP (U+1F600 in a name) is one character to InputText
    # and the atlas, not U+FFFD, so what is typed is what is sent and shown.
    IMGUI_USE_WCHAR32)
  # Vendored code keeps its own rules: no -Werror.
  target_compile_options(${name} PRIVATE -w)
endfunction()
