// Force-included (-include) into every client target but duet_web: web/ is the only door to
// the browser, and this makes that a build fact. A JS block (EM_JS, EM_ASM) or embind
// (emscripten/val.h, emscripten/bind.h) outside web/ fails to compile, however it gets in.
//
// html5.h's C API (events, WebGL context, timers) stays usable: it includes emscripten.h,
// which declares the script runners and includes em_js.h and em_asm.h, so that is included
// here first and its JS macros undefined before they are poisoned; include guards keep
// them from coming back. val.h and bind.h define
// EMSCRIPTEN_SYMBOL and EMSCRIPTEN_BINDINGS, so including either names a poisoned word.
#pragma once

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#undef EM_JS
#undef EM_ASYNC_JS
#undef _EM_JS
#undef EM_ASM
#undef EM_ASM_
#undef EM_ASM_ARGS
#undef EM_ASM_INT
#undef EM_ASM_DOUBLE
#undef EM_ASM_INT_V
#undef EM_ASM_DOUBLE_V
#undef MAIN_THREAD_EM_ASM
#undef MAIN_THREAD_EM_ASM_INT
#undef MAIN_THREAD_EM_ASM_DOUBLE
#undef MAIN_THREAD_ASYNC_EM_ASM
#endif

#pragma GCC poison EM_JS EM_ASYNC_JS _EM_JS EM_ASM EM_ASM_ EM_ASM_ARGS EM_ASM_INT EM_ASM_DOUBLE
#pragma GCC poison EM_ASM_INT_V EM_ASM_DOUBLE_V MAIN_THREAD_EM_ASM MAIN_THREAD_EM_ASM_INT
#pragma GCC poison MAIN_THREAD_EM_ASM_DOUBLE MAIN_THREAD_ASYNC_EM_ASM
#pragma GCC poison emscripten_run_script emscripten_run_script_int emscripten_run_script_string
#pragma GCC poison emscripten_async_run_script
#pragma GCC poison EMSCRIPTEN_SYMBOL EMSCRIPTEN_BINDINGS
