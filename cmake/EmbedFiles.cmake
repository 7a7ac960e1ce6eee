# embed_files(TARGET OUT_CPP NAMESPACE FILE...): compiles the files into a
# generated source as string constants, so the binary carries its built-in
# catalog and runs from any folder.
function(embed_files out_cpp)
  set(inputs ${ARGN})
  string(REPLACE ";" "|" joined "${inputs}")
  add_custom_command(
    OUTPUT ${out_cpp}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cpp} "-DINPUTS=${joined}"
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    DEPENDS ${inputs} ${CMAKE_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    COMMENT "Embedding built-in data"
    VERBATIM)
endfunction()
