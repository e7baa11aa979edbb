// Semantic views on synthetic data: heatmap cells, masks, token strip, pruning grids (with
// QAbstractItemModelTester), quantization scatter, DRAM totals, linked selection and exports.
#include <QAbstractItemModelTester>
#include <QTableView>
#include <QXmlStreamReader>
#include <QCheckBox>
#include <QtTest>
#include <qcustomplot.h>

#include "synthetic_data.h"
#include "views/common/chart_export.h"
#include "views/common/session_model.h"
#include "views/models/pruning_grid_model.h"
#include "views/plots/attention_heatmap_view.h"
#include "views/plots/dram_traffic_view.h"
#include "views/plots/quantization_view.h"
#include "views/widgets/model_output_view.h"
#include "views/widgets/pruning_grid_view.h"
#include "views/widgets/token_strip.h"

using namespace spatten;

class TstViews : public QObject {
  Q_OBJECT

private slots:
  void heatmapCellsAndMask() {
    views::SessionModel s;
    views::AttentionHeatmapView v(&s);
    v.resize(800, 600);
    s.setAnalysis(testdata::makeAnalysis());
    const auto a = s.analysis();
    v.setMaskPruned(false);
    s.selectLayerHead(1, 1);
    QCPColorMapData* d = v.colorMap()->data();
    QCOMPARE(d->keySize(), 5);
    QCOMPARE(d->valueSize(), 5);
    for (int q = 0; q < 5; ++q)
      for (int k = 0; k < 5; ++k) QCOMPARE(d->cell(k, q), static_cast<double>(a->denseProbs[3].at(q, k)));
    v.setMaskPruned(true);
    QVERIFY(std::isnan(v.colorMap()->data()->cell(3, 0)));  // pruned key column
    QVERIFY(std::isnan(v.colorMap()->data()->cell(0, 3)));  // pruned query row
    QVERIFY(!std::isnan(v.colorMap()->data()->cell(0, 4)));
    QVERIFY(v.csv().startsWith(QStringLiteral("query\\key,a,b,c,d,e\n")));
    QVERIFY(v.plot()->savePng(testdata::artifactPath(QStringLiteral("views_heatmap.png")), 800, 600));
  }

  // Log colour: the same top as the linear scale, kLogDecades decades below it (or the smallest
  // probability drawn, when higher), cells below the bottom drawn at the bottom, NaN kept.
  void heatmapLogScale() {
    views::SessionModel s;
    views::AttentionHeatmapView v(&s);
    v.resize(800, 600);
    // No analysis, no matrix: nothing to colour (as "Mask pruned", disabled).
    auto* logBox = v.findChild<QCheckBox*>(QStringLiteral("heatmapLogScale"));
    QVERIFY(logBox != nullptr);
    QVERIFY(!logBox->isEnabled());
    s.setAnalysis(testdata::makeAnalysis());
    QVERIFY(logBox->isEnabled());
    v.setMaskPruned(false);
    s.selectLayerHead(1, 1);
    const double linearUpper = v.colorMap()->dataRange().upper;
    QCOMPARE(v.colorMap()->dataRange().lower, 0.0);
    QCOMPARE(v.colorMap()->dataScaleType(), QCPAxis::stLinear);
    v.setLogScale(true);
    QCOMPARE(v.colorMap()->dataScaleType(), QCPAxis::stLogarithmic);
    const QCPRange r = v.colorMap()->dataRange();
    QCOMPARE(r.upper, linearUpper);
    const views::Matrix& m = s.analysis()->denseProbs[3];
    double minPositive = 1e300;
    for (int q = 0; q < 5; ++q)
      for (int k = 0; k < 5; ++k)
        if (m.at(q, k) > 0) minPositive = std::min(minPositive, static_cast<double>(m.at(q, k)));
    const double expectedLower =
        std::min(std::max(linearUpper * 1e-4, minPositive), linearUpper / 10);
    QCOMPARE(r.lower, expectedLower);
    for (int q = 0; q < 5; ++q)
      for (int k = 0; k < 5; ++k)
        QCOMPARE(v.colorMap()->data()->cell(k, q),
                 std::max(static_cast<double>(m.at(q, k)), expectedLower));
    // A masked view with log colour: pruned cells stay NaN (transparent, hatched).
    v.setMaskPruned(true);
    QVERIFY(std::isnan(v.colorMap()->data()->cell(3, 0)));
    QVERIFY(v.colorMap()->data()->cell(0, 4) >= v.colorMap()->dataRange().lower);
    QVERIFY(v.plot()->savePng(testdata::artifactPath(QStringLiteral("views_heatmap_log.png")), 800,
                              600));
    v.setLogScale(false);
    QCOMPARE(v.colorMap()->dataScaleType(), QCPAxis::stLinear);
    QCOMPARE(v.colorMap()->dataRange().lower, 0.0);
    // A probability far below the top (as on a long text): the range stops kLogDecades decades
    // below the top, and that cell is drawn there.
    auto tiny = std::make_shared<views::AnalysisData>(*s.analysis());
    std::vector<views::Matrix> probs;
    for (std::size_t i = 0; i < tiny->denseProbs.size(); ++i) probs.push_back(tiny->denseProbs[i]);
    probs[3].values[4 * 5 + 0] = 1e-9f;
    tiny->denseProbs = views::SharedMatrices(std::move(probs));
    s.setAnalysis(tiny);
    v.setMaskPruned(false);
    s.selectLayerHead(1, 1);
    v.setLogScale(true);
    const double floor = v.colorMap()->dataRange().upper * 1e-4;
    QCOMPARE(v.colorMap()->dataRange().lower, floor);
    QCOMPARE(v.colorMap()->data()->cell(0, 4), floor);
  }

  void tokenStripAndLinkedSelection() {
    views::SessionModel s;
    views::TokenStrip strip(&s);
    views::PruningGridView grid(views::PruningGridView::Kind::Tokens, &s);
    s.setAnalysis(testdata::makeAnalysis());
    QCOMPARE(strip.tokenTexts(), (QStringList{QStringLiteral("a"), QStringLiteral("b"),
                                              QStringLiteral("c"), QStringLiteral("d"),
                                              QStringLiteral("e")}));
    QSignalSpy spy(&s, &views::SessionModel::selectionChanged);
    // Clicking a grid cell selects layer + token everywhere.
    grid.resize(800, 400);
    grid.show();
    const QModelIndex idx = grid.model()->index(1, 2);
    const QRect rect = grid.table()->visualRect(idx);
    QTest::mouseClick(grid.table()->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(s.selection().token, 2);
    QCOMPARE(s.selection().layer, 1);
    QVERIFY(spy.count() >= 1);
    QVERIFY(grid.table()->selectionModel()->isColumnSelected(2, {}));
  }

  void tokenGridMarksExactlyThePrunedTokens() {
    views::PruningGridModel m(views::PruningGridModel::Kind::Tokens);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto a = testdata::makeAnalysis();
    m.setAnalysis(a, 0);
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.columnCount(), 5);
    for (int l = 0; l < 2; ++l)
      for (int t = 0; t < 5; ++t)
        QCOMPARE(m.data(m.index(l, t), views::PruningGridModel::PrunedRole).toBool(),
                 a->iterations[0].tokenAlive[static_cast<std::size_t>(l)][static_cast<std::size_t>(t)] == 0);
    QCOMPARE(m.prunedFromLayer(3), 1);
    QCOMPARE(m.prunedFromLayer(0), -1);
    // Same shape, new values: dataChanged, no reset.
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    m.setAnalysis(testdata::makeAnalysis(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    m.setAnalysis(nullptr, 0);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m.rowCount(), 0);
  }

  void headGrid() {
    views::PruningGridModel m(views::PruningGridModel::Kind::Heads);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setAnalysis(testdata::makeAnalysis(), 0);
    QCOMPARE(m.columnCount(), 2);
    QVERIFY(m.data(m.index(1, 1), views::PruningGridModel::PrunedRole).toBool());
    QVERIFY(!m.data(m.index(0, 1), views::PruningGridModel::PrunedRole).toBool());
    QCOMPARE(m.data(m.index(1, 0), views::PruningGridModel::ImportanceRole).toDouble(), 6.0);
    QVERIFY(m.csv().contains(QStringLiteral("1,6,\n")));  // pruned head exported empty
  }

  void quantizationScatter() {
    views::SessionModel s;
    views::QuantizationView v(&s);
    s.setAnalysis(testdata::makeAnalysis());
    QCOMPARE(v.keptGraph()->dataCount(), 2);
    QCOMPARE(v.refetchGraph()->dataCount(), 1);
    QCOMPARE(v.refetchGraph()->data()->at(0)->value, static_cast<double>(0.05f));
    s.selectRequest(1);
    QCOMPARE(s.selection().token, 1);
    QVERIFY(v.rowsCsv().count(QLatin1Char('\n')) == 3);  // header + 2 keys
  }

  // Small probabilities keep two significant digits (a random-weight BERT base spreads its MLM
  // output over 30,522 tokens: every top-5 entry read "0.0 %").
  void modelOutputShowsSmallProbabilities() {
    views::SessionModel s;
    views::ModelOutputView v(&s);
    auto a = std::make_shared<views::AnalysisData>(*testdata::makeAnalysis());
    views::OutputSlot slot;
    slot.position = a->promptLength;
    slot.dense = {{QStringLiteral("the"), 1, 0.25f}, {QStringLiteral("a"), 2, 0.000033f}};
    // A token that looks like a placeholder: chained QString::arg() calls replaced it.
    slot.pruned = {{QStringLiteral("%2"), 3, 0.5f}};
    slot.kl = 0.125;
    a->output.entries = {slot};
    s.setAnalysis(a);
    const QString html = v.html();
    QVERIFY2(html.contains(QStringLiteral("25.0 %")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("0.0033 %")), qPrintable(html));
    QVERIFY(!html.contains(QStringLiteral(" 0.0 %")));
    QVERIFY2(html.contains(QStringLiteral("\u201c%2\u201d 50.0 %")), qPrintable(html));
    // The CSV export: one row per (slot, side, rank).
    const QStringList rows = v.csv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[0], QStringLiteral("position,side,rank,token,id,probability,kl"));
    const QString pos = QString::number(a->promptLength);
    QCOMPARE(rows[1], pos + QStringLiteral(",dense,1,the,1,0.25,0.125"));
    QCOMPARE(rows[2], pos + QStringLiteral(",dense,2,a,2,") +
                          QString::number(static_cast<double>(0.000033f), 'g', 9) +
                          QStringLiteral(",0.125"));
    QCOMPARE(rows[3], pos + QStringLiteral(",pruned,1,%2,3,0.5,0.125"));
  }

  void dramTotals() {
    views::SessionModel s;
    views::DramTrafficView v(&s);
    s.setAnalysis(testdata::makeAnalysis());
    QCOMPARE(v.plottedSpattenBytes(), s.analysis()->dram.total());
    QCOMPARE(v.plottedDenseBytes(), 800.0);
  }

  // A run under a KV-cache policy is labelled with the policy's name, not "SpAtten".
  void dramLabelsNameThePolicy() {
    views::SessionModel s;
    views::DramTrafficView v(&s);
    auto a = std::make_shared<views::AnalysisData>(*testdata::makeAnalysis());
    s.setAnalysis(a);
    auto* plot = v.findChild<QCustomPlot*>(QStringLiteral("dramPlot"));
    QVERIFY(plot);
    QCOMPARE(plot->plottable(0)->name(), QStringLiteral("SpAtten K MSB"));
    a = std::make_shared<views::AnalysisData>(*a);
    a->runName = QStringLiteral("Quest");
    s.setAnalysis(a);
    QCOMPARE(plot->plottable(0)->name(), QStringLiteral("Quest K MSB"));
    QCOMPARE(plot->plottable(4)->name(), QStringLiteral("Quest Meta"));
    QVERIFY(plot->xAxis->label().contains(QStringLiteral("left bar: Quest")));
  }

  void exportsWriteFiles() {
    views::SessionModel s;
    views::DramTrafficView v(&s);
    v.resize(640, 480);
    s.setAnalysis(testdata::makeAnalysis());
    v.plot()->replot();
    for (const QString& ext : {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"),
                              QStringLiteral("csv")}) {
      const QString path = testdata::artifactPath(QStringLiteral("views_dram.") + ext);
      QFile::remove(path);
      QString error;
      QVERIFY2(views::exportView(&v, v.plot(), [&] { return v.csv(); }, path, &error),
               qPrintable(error));
      QVERIFY(QFileInfo(path).size() > 0);
    }
    QString error;
    QVERIFY(!views::exportView(&v, v.plot(), {}, testdata::artifactPath(QStringLiteral("x.bmpx")), &error));
    QVERIFY(!error.isEmpty());
  }

  // The views' own SVG export goes through the same mending as File > Export: a title with "&"
  // and "<" stays well-formed XML, and no font family is Qt's alias "Sans Serif".
  void svgExportIsWellFormedAndPortable() {
    views::SessionModel s;
    views::DramTrafficView v(&s);
    v.resize(640, 480);
    v.setWindowTitle(QStringLiteral("Pride & Prejudice <b>traffic</b>"));
    s.setAnalysis(testdata::makeAnalysis());
    v.plot()->replot();
    const QString path = testdata::artifactPath(QStringLiteral("views_dram_title.svg"));
    QString error;
    QVERIFY2(views::exportView(&v, v.plot(), {}, path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QXmlStreamReader xml(bytes);
    QString title;
    int families = 0;
    while (!xml.atEnd()) {
      if (xml.readNext() != QXmlStreamReader::StartElement) continue;
      if (xml.name() == QStringLiteral("title")) title = xml.readElementText();
      const QString family = xml.attributes().value(QStringLiteral("font-family")).toString();
      if (family.isEmpty()) continue;
      ++families;
      QVERIFY2(family.endsWith(QStringLiteral(", sans-serif")) ||
                   family.endsWith(QStringLiteral(", monospace")),
               qPrintable(family));
      QVERIFY(!family.startsWith(QStringLiteral("Sans Serif")));
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(title, v.windowTitle());
    QVERIFY(families > 0);
  }
};

QTEST_MAIN(TstViews)
#include "tst_views.moc"
