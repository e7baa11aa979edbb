#pragma once
// What happens to the sentence and the parameters when the user switches models (issue 13, bug
// 9c), and to a folder that fails to load (bug 9b). Each model folder remembers its own sentence,
// generation length, run preset and run values: switching back restores them. A model seen for
// the first time gets its family's sample sentence (when the picker asked for it) and run preset,
// and a status message says so. A folder that cannot be loaded is dropped from the picker (unless
// bundled) and the last model that loaded comes back. Thread: GUI thread.

#include <QObject>
#include <QString>
#include <map>
#include <string>

#include "app/gui/backend/analysis_request.h"

namespace spatten::app {

class InputPanel;
class ParametersPanel;

class ModelSwitch : public QObject {
  Q_OBJECT
public:
  ModelSwitch(InputPanel* input, ParametersPanel* params, QObject* parent);

  void onModelLoaded(const QString& dir);  // the latest request's model ran
  void onModelFailed(const QString& dir, const QString& error);

signals:
  void message(const QString& text);

private:
  struct Inputs {
    QString text;
    int generate = 0;
    QString runPreset;
    ParamValues runValues;
  };
  void remember(const QString& dir);
  void onModelChanged(const QString& dir, bool loadSentence);

  InputPanel* m_input;
  ParametersPanel* m_params;
  std::map<QString, Inputs> m_memory;
  QString m_lastLoaded;  // the last folder whose analysis arrived
};

}  // namespace spatten::app
