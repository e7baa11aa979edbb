# cmake -DBINARY_DIR=... -DSOURCE_DIR=... -DCPACK_COMMAND=... -DVERSION=... -P package_test.cmake
# Builds the DEB of BINARY_DIR, extracts it into a scratch root under $TMPDIR (or /tmp) and runs the
# installed programs with LD_LIBRARY_PATH and SPATTEN_SAMPLES unset and the scratch directory as
# working directory, so nothing of the source or build tree can be found. Fails on the first
# broken expectation; the scratch directory is kept then (its path is printed).

function(fail msg)
  message(FATAL_ERROR "tst_package: ${msg}\n(scratch directory kept: ${scratch})")
endfunction()

# Runs a command (list) in the scratch directory with a clean environment; sets <prefix>_out,
# <prefix>_err in the caller and fails unless it exits 0.
function(run prefix)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env --unset=LD_LIBRARY_PATH --unset=SPATTEN_SAMPLES
            --unset=DISPLAY --unset=WAYLAND_DISPLAY HOME=${scratch}/home
            XDG_CONFIG_HOME=${scratch}/home/.config ${ARGN}
    WORKING_DIRECTORY ${scratch}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("`${ARGN}` exited with ${rc}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  set(${prefix}_out "${out}" PARENT_SCOPE)
  set(${prefix}_err "${err}" PARENT_SCOPE)
endfunction()

set(tmp "$ENV{TMPDIR}")
if(NOT tmp)
  set(tmp /tmp)
endif()
string(RANDOM LENGTH 10 tag)
get_filename_component(tmp "${tmp}" REALPATH)
set(scratch "${tmp}/spatten-package-test-${tag}")
get_filename_component(src_real "${SOURCE_DIR}" REALPATH)
get_filename_component(bin_real "${BINARY_DIR}" REALPATH)
foreach(tree ${src_real} ${bin_real})
  string(FIND "${scratch}/" "${tree}/" pos)
  if(pos EQUAL 0)
    message(FATAL_ERROR "tst_package: scratch ${scratch} lies inside ${tree}; set TMPDIR elsewhere")
  endif()
endforeach()
file(MAKE_DIRECTORY ${scratch}/home ${scratch}/out ${scratch}/shots)

# 1. The package, built from this build tree (its install rules) into the scratch directory.
execute_process(
  COMMAND ${CPACK_COMMAND} -G DEB --config ${BINARY_DIR}/CPackConfig.cmake -B ${scratch}/out
  WORKING_DIRECTORY ${BINARY_DIR}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(GLOB debs ${scratch}/out/*.deb)
list(LENGTH debs ndebs)
if(NOT rc EQUAL 0 OR NOT ndebs EQUAL 1)
  fail("cpack -G DEB failed (${rc}, ${ndebs} .deb):\n${out}\n${err}")
endif()
set(deb ${debs})
get_filename_component(deb_name ${deb} NAME)
if(NOT deb_name STREQUAL "spatten-studio_${VERSION}_amd64.deb")
  fail("unexpected package file name ${deb_name}")
endif()

# 2. Control fields: name, version, section, and Depends from dpkg-shlibdeps (Qt 6 libraries;
# libqt6gui6 and libqt6svg6 also hold the platform plugins and the SVG icon engine).
foreach(field Package Version Section Depends Description)
  execute_process(COMMAND dpkg-deb -f ${deb} ${field} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE value OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0 OR value STREQUAL "")
    fail("dpkg-deb -f ${deb_name} ${field}: missing")
  endif()
  set(ctl_${field} "${value}")
endforeach()
if(NOT ctl_Package STREQUAL "spatten-studio" OR NOT ctl_Version STREQUAL "${VERSION}"
   OR NOT ctl_Section STREQUAL "science")
  fail("control: Package=${ctl_Package} Version=${ctl_Version} Section=${ctl_Section}")
endif()
foreach(dep libqt6core6 libqt6gui6 libqt6widgets6 libqt6svg6 libqcustomplot libc6
            libstdc\\+\\+6 libfmt)
  if(NOT ctl_Depends MATCHES "(^|, )${dep}[a-z0-9.+-]*( |,|$)")
    fail("Depends lacks ${dep}: ${ctl_Depends}")
  endif()
endforeach()
message(STATUS "Depends: ${ctl_Depends}")

# 3. Extract (as `dpkg -i` would place the files) and check the layout.
set(root ${scratch}/root)
execute_process(COMMAND dpkg -x ${deb} ${root} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  fail("dpkg -x: ${err}")
endif()
set(share ${root}/usr/share)
set(samples ${share}/spatten-studio/samples)
foreach(f usr/bin/spatten-cli usr/bin/spatten-studio
          usr/share/applications/spatten-studio.desktop
          usr/share/icons/hicolor/scalable/apps/spatten-studio.svg
          usr/share/doc/spatten-studio/copyright
          usr/share/spatten-studio/samples/models/tiny-gpt2/model.safetensors
          usr/share/spatten-studio/samples/models/tiny-gpt2/vocab.json
          usr/share/spatten-studio/samples/models/tiny-bert/model.safetensors
          usr/share/spatten-studio/samples/models/tiny-bert/vocab.txt
          usr/share/spatten-studio/samples/sentences/default.txt)
  if(NOT EXISTS ${root}/${f})
    fail("${deb_name} lacks /${f}")
  endif()
endforeach()
file(STRINGS ${share}/applications/spatten-studio.desktop desktop)
foreach(line "Exec=spatten-studio" "Icon=spatten-studio" "Type=Application")
  list(FIND desktop "${line}" at)
  if(at LESS 0)
    fail("spatten-studio.desktop lacks ${line}")
  endif()
endforeach()
# No path into the build or source tree (RPATH/RUNPATH) in the installed binaries.
foreach(exe spatten-cli spatten-studio)
  execute_process(COMMAND objdump -p ${root}/usr/bin/${exe} OUTPUT_VARIABLE dyn)
  if(dyn MATCHES "R(UN)?PATH")
    fail("/usr/bin/${exe} carries an RPATH/RUNPATH")
  endif()
endforeach()

# 4. The installed CLI: --version and a simulation of a bundled model.
run(version ${root}/usr/bin/spatten-cli --version)
if(NOT version_out MATCHES "${VERSION}")
  fail("spatten-cli --version printed '${version_out}', expected ${VERSION}")
endif()
run(sim ${root}/usr/bin/spatten-cli simulate --model ${samples}/models/tiny-gpt2
    --text-file ${samples}/sentences/default.txt --preset spatten-gpt2 --generate 2
    --json ${scratch}/sim.json)
file(READ ${scratch}/sim.json json)
string(JSON cycles ERROR_VARIABLE jerr GET "${json}" cycles)
string(JSON requests ERROR_VARIABLE jerr2 GET "${json}" requests)
string(JSON dram ERROR_VARIABLE jerr3 GET "${json}" dram_bytes total)
if(jerr OR jerr2 OR jerr3 OR NOT cycles GREATER 0 OR NOT requests GREATER 0 OR NOT dram GREATER 0)
  fail("simulate JSON: cycles=${cycles} requests=${requests} dram=${dram} ${jerr} ${jerr2} ${jerr3}")
endif()
message(STATUS "installed spatten-cli simulate: ${cycles} cycles, ${requests} requests")

# 5. The installed GUI, offscreen: loads the bundled default model from its own share/ directory
# (no --model) and renders every view.
run(gui ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen QT_FORCE_STDERR_LOGGING=1
    QT_LOGGING_RULES=spatten.samples.debug=true
    ${root}/usr/bin/spatten-studio --screenshot-dir ${scratch}/shots)
if(NOT gui_out MATCHES "wrote ([0-9]+) screenshots" OR CMAKE_MATCH_1 LESS 1)
  fail("spatten-studio --screenshot-dir: ${gui_out}\n${gui_err}")
endif()
set(nshots ${CMAKE_MATCH_1})
file(GLOB pngs ${scratch}/shots/*.png)
list(LENGTH pngs npngs)
if(NOT npngs EQUAL nshots)
  fail("${nshots} screenshots announced, ${npngs} PNG files written")
endif()
if(NOT gui_err MATCHES "samples directory: ${samples}\n")
  fail("spatten-studio did not use ${samples}:\n${gui_err}")
endif()
if(gui_err MATCHES "samples directory: (${src_real}|${bin_real})")
  fail("spatten-studio read samples from the source or build tree:\n${gui_err}")
endif()
message(STATUS "installed spatten-studio: ${nshots} screenshots from ${samples}")

file(REMOVE_RECURSE ${scratch})
