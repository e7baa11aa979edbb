#pragma once
// Typed parameter values (ParamValues, canonical registry keys) to and from core's
// configurations, and spatten-studio's --set. Every value is checked against the registry
// (core::checkParam) and the cross-field rules (core::validate, HwConfig::validate) see the
// final configuration, so the order of the keys does not matter. Thread: any.

#include <QString>
#include <QStringList>
#include <string>

#include "app/gui/backend/analysis_request.h"
#include "core/config/registry.h"

namespace spatten::app {

// The preset's configuration with `values` applied. Throws core::Error(source, key, ...) for an
// unknown preset or key, a value outside its range or a configuration the rules refuse. `table`
// is the registry's (tests pass a table with an extra row; it must set members of the config).
core::RunConfig runConfigFrom(const QString& preset, const ParamValues& values,
                              const std::string& source,
                              const core::ParamTable<core::RunConfig>& table = core::runParams());
core::HwConfig hwConfigFrom(const QString& preset, const ParamValues& values,
                            const std::string& source,
                            const core::ParamTable<core::HwConfig>& table = core::hwParams());

// The configurations a request runs with (the worker thread calls these): the run preset (the
// model family's default when empty) with the panel's typed values and the Input panel's
// generation length (BERT: 0); the hardware preset (Table I when empty) with the "hw.*" values.
// Throw core::Error like runConfigFrom / hwConfigFrom.
core::RunConfig runConfigOf(const AnalysisRequest& request, bool bert);
core::HwConfig hwConfigOf(const AnalysisRequest& request);

// Every parameter of a configuration by canonical key (run keys, or "hw.*").
ParamValues valuesOf(const core::RunConfig& run);
ParamValues valuesOf(const core::HwConfig& hw);

// spatten-studio --set KEY=VALUE, the same keys and spelling as spatten-cli's --set (run keys and
// "hw.*"), each value parsed and range-checked by core::parseParam. Throws core::Error with
// core's text (the key and its allowed values; an unknown key as spatten-cli reports it).
struct ParamAssignments {
  ParamValues run;  // may hold "generate" (the Input panel's generation length)
  ParamValues hw;
};
ParamAssignments parseAssignments(const QStringList& sets);

}  // namespace spatten::app
