# Compiler warnings as an INTERFACE target: every first-party target links suara_warnings.
add_library(suara_warnings INTERFACE)
target_compile_options(suara_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)
if(SUARA_WERROR)
  target_compile_options(suara_warnings INTERFACE -Werror)
endif()
