#include "app/gui/model_switch.h"

#include <QDir>
#include <QFileInfo>

#include "app/gui/backend/run_presets.h"
#include "app/gui/input_panel.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/sample_locator.h"

namespace spatten::app {

ModelSwitch::ModelSwitch(InputPanel* input, ParametersPanel* params, QObject* parent)
    : QObject(parent), m_input(input), m_params(params) {
  connect(input, &InputPanel::modelAboutToChange, this, &ModelSwitch::remember);
  connect(input, &InputPanel::modelChanged, this, &ModelSwitch::onModelChanged);
}

void ModelSwitch::remember(const QString& dir) {
  m_memory[dir] = {m_input->text(), m_input->generate(), m_params->runPreset(),
                   m_params->runValues()};
}

void ModelSwitch::onModelChanged(const QString& dir, bool loadSentence) {
  const QString name = QFileInfo(dir).fileName();
  const auto it = m_memory.find(dir);
  if (it != m_memory.end()) {
    const Inputs& in = it->second;
    m_input->setText(in.text);
    if (!m_input->isBert()) m_input->setGenerate(in.generate);
    m_params->setRunPresets(runPresetNames(), in.runPreset);
    m_params->setRunValues(in.runValues);
    emit message(QStringLiteral("%1: its sentence and parameters are back").arg(name));
    return;
  }
  const QString preset = defaultRunPreset(m_input->isBert());
  m_params->setRunPresets(runPresetNames(), preset);
  const auto values = runPresetValues(preset);
  if (!values.empty()) m_params->setRunValues(values);
  if (loadSentence) m_input->setText(defaultSentence(dir));
  if (!m_memory.empty())
    emit message(QStringLiteral("%1: %2the %3 preset loaded; the previous model's sentence and "
                                "parameters come back when you switch back")
                     .arg(name)
                     .arg(loadSentence ? QStringLiteral("its sample sentence and ") : QString())
                     .arg(preset));
}

void ModelSwitch::onModelLoaded(const QString& dir) {
  m_lastLoaded = dir;
}

void ModelSwitch::onModelFailed(const QString& dir, const QString& error) {
  const QString name = QFileInfo(dir).fileName();
  bool bundled = false;
  for (const ModelEntry& m : bundledModels()) bundled |= QDir(m.dir) == QDir(dir);
  if (bundled || m_lastLoaded.isEmpty() || QDir(m_lastLoaded) == QDir(dir)) {
    emit message(QStringLiteral("Could not load %1: %2").arg(name, error));
    return;
  }
  m_memory.erase(dir);
  m_input->removeModel(dir);
  m_input->setModelDir(m_lastLoaded, false);  // restores that model's remembered inputs
  emit message(QStringLiteral("Could not load %1 (%2): removed from the model list; back to %3")
                   .arg(name, error, QFileInfo(m_lastLoaded).fileName()));
}

}  // namespace spatten::app
