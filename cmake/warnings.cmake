# Compiler warnings as an INTERFACE target: every first-party target links suara_warnings.
add_library(suara_warnings INTERFACE)
target_compile_options(suara_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)
if(SUARA_WERROR)
  target_compile_options(suara_warnings INTERFACE -Werror)
endif()
# GCC 12 at -O3 (Release only; the scripts build RelWithDebInfo) reports two false positives in
# library code: impossible overlaps inside std::string's inlined copies ("accessing
# 9223372036854775810 or more bytes", GCC bug 105651) and uninitialised limbs inside
# Boost.Multiprecision's cpp_int. Without this every Release build with SUARA_WERROR fails.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(suara_warnings INTERFACE "$<$<CONFIG:Release>:-Wno-restrict;-Wno-maybe-uninitialized>")
endif()
