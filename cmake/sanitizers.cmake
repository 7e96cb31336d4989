# SUARA_SANITIZE: build every target of this project with the given sanitizers, e.g.
#   -DSUARA_SANITIZE=address,undefined   (ASan + LSan + UBSan)
#   -DSUARA_SANITIZE=thread              (TSan)
# Use a build directory of its own per setting (scripts/test.sh uses build-asan and build-tsan).
# The flags go on compile and link lines of every target defined after this file is included
# (libraries, executables, tests, the test helpers), so the hub and kiosk processes that the
# tests start are sanitized too. Libraries from Debian packages are not instrumented.
# Runtime options and suppressions for the test runs are in tests/sanitizers/.
set(SUARA_SANITIZE "" CACHE STRING "Sanitizers for every target: empty, \"address,undefined\" or \"thread\"")

if(SUARA_SANITIZE)
  if(SUARA_SANITIZE MATCHES "thread" AND SUARA_SANITIZE MATCHES "address|leak")
    message(FATAL_ERROR "SUARA_SANITIZE: thread cannot be combined with address or leak")
  endif()
  if(SUARA_BUILD_FUZZERS)
    message(FATAL_ERROR "SUARA_SANITIZE: the fuzzers bring their own sanitizers (scripts/fuzz.sh)")
  endif()
  set(_suara_sanitize_flags "-fsanitize=${SUARA_SANITIZE}" -fno-omit-frame-pointer)
  if(SUARA_SANITIZE MATCHES "undefined")
    # Every UBSan report aborts the process (exit code != 0) instead of printing and going on,
    # so a report fails the test that caused it.
    list(APPEND _suara_sanitize_flags -fno-sanitize-recover=all)
  endif()
  add_compile_options(${_suara_sanitize_flags})
  add_link_options(${_suara_sanitize_flags})
  # -O1 instead of the build type's -O2 (a later -O wins): with UBSan, gcc compiles about twice
  # as fast at -O1, the usual level for sanitizer runs. -g stays, for inlined frames in reports.
  add_compile_options(-O1)
  # catch_discover_tests runs the tests through their target's CROSSCOMPILING_EMULATOR, which
  # this variable initialises: tests/sanitizers/run-test.sh ends what an aborted test leaves
  # behind (a hub server, say), which would otherwise keep CTest waiting. We do not cross-compile:
  # CMake only also puts it in front of add_test commands of our executables, changing nothing.
  set(CMAKE_CROSSCOMPILING_EMULATOR "${PROJECT_SOURCE_DIR}/tests/sanitizers/run-test.sh")
  # Libraries loaded with dlopen stay loaded, so their leaks are reported by name (see the file).
  add_library(suara_keep_libraries_loaded OBJECT "${PROJECT_SOURCE_DIR}/tests/sanitizers/keep_libraries_loaded.cpp")
  link_libraries(suara_keep_libraries_loaded)
  message(STATUS "Sanitizers: ${_suara_sanitize_flags} -O1")
endif()

# Called by the top CMakeLists.txt once every target exists: the few checks switched off for
# third-party code we compile but cannot change. Never for our own code.
function(suara_sanitizer_exemptions)
  # Dear ImGui 1.86's OpenGL loader (Debian's libimgui-dev; imgui_impl_opengl3.cpp includes
  # imgui_impl_opengl3_loader.h) fills `union GL3WProcs { GL3WglProc ptr[53]; struct {...54
  # pointers...} gl; }` with 54 names: ptr[53] is out of the array's bounds, though inside the
  # union, so nothing is corrupted. UBSan's bounds check aborts at the first window of every UI
  # test; runtime suppressions cannot help as -fno-sanitize-recover makes it fatal. So bounds
  # checks are off for that one backend file only.
  if(SUARA_SANITIZE MATCHES "undefined|bounds" AND TARGET imgui_backends)
    get_target_property(_sources imgui_backends SOURCES)
    list(FILTER _sources INCLUDE REGEX "imgui_impl_opengl3\\.cpp$")
    set_source_files_properties(${_sources} TARGET_DIRECTORY imgui_backends
                                PROPERTIES COMPILE_OPTIONS -fno-sanitize=bounds)
  endif()
endfunction()
