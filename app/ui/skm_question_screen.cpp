// skm-2017: one element per screen, its four official answers, progress and back.

#include "ui/screen_context.hpp"

namespace suara::kiosk {

namespace {
// "Pertanyaan 3 dari 9" and a bar of nine steps (filled = answered, outlined = current).
float drawProgress(ScreenContext& ctx, float y) {
  const Theme& t = ctx.theme;
  const int count = ctx.flow.questionCount(), current = ctx.flow.questionIndex();
  const std::string label = ctx.format("rating.progress", {{"n", std::to_string(current + 1)}, {"total", std::to_string(count)}});
  ctx.ui.text(t.small, ImVec2(t.pad, y), label, t.mutedText);
  const float barX = t.pad * 2 + ImGui::CalcTextSize(label.c_str()).x * t.small->FontSize / t.body->FontSize;
  const float gap = t.pad * 0.3f;
  const float step = (t.width - barX - t.pad - gap * static_cast<float>(count - 1)) / static_cast<float>(count);
  const float barY = y + t.small->FontSize * 0.3f, barH = t.small->FontSize * 0.45f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int i = 0; i < count; ++i) {
    const ImVec2 a(barX + static_cast<float>(i) * (step + gap), barY), b(a.x + step, barY + barH);
    const bool answered = ctx.flow.draft().answers.count(ctx.flow.survey().elements[static_cast<std::size_t>(i)].code) > 0;
    if (answered) draw->AddRectFilled(a, b, t.accent, barH / 2);
    else draw->AddRect(a, b, i == current ? t.accent : t.outline, barH / 2, 0, i == current ? 3.f : 1.5f);
  }
  return y + t.small->FontSize + t.pad * 0.6f;
}
}  // namespace

void drawSkmQuestionScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const SurveyElement& element = ctx.flow.survey().elements[static_cast<std::size_t>(ctx.flow.questionIndex())];
  float y = drawProgress(ctx, drawHeader(ctx));
  const float wrap = t.width - 2 * t.pad;
  ui.text(t.bodyBold, ImVec2(t.pad, y), ctx.tr(element.name), t.accent, wrap);
  y += ui.textHeight(t.bodyBold, ctx.tr(element.name), wrap) + t.pad * 0.3f;
  const std::string& question = ctx.tr(element.question);
  ui.text(t.title, ImVec2(t.pad, y), question, t.text, wrap);
  y += ui.textHeight(t.title, question, wrap) + t.pad;

  const auto answer = ctx.flow.draft().answers.find(element.code);
  const float bottom = footerTop(ctx) - t.pad;
  const float cellWidth = (t.width - t.pad * 5) / 4;
  float labelHeight = 0;
  for (const auto& label : element.labels) labelHeight = std::max(labelHeight, ui.faceLabelHeight(ctx.tr(label), cellWidth));
  for (int score = 1; score <= 4; ++score) {
    const std::string name = "answer:" + std::to_string(score);
    const std::string& label = ctx.tr(element.labels[static_cast<std::size_t>(score - 1)]);
    const bool selected = answer != ctx.flow.draft().answers.end() && answer->second == score;
    bool tapped;
    if (t.portrait) {  // four rows, best at the top
      const float rowHeight = (bottom - y - t.pad * 3) / 4;
      tapped = ui.answerRow(name, ImVec2(t.pad, y + static_cast<float>(4 - score) * (rowHeight + t.pad)),
                            ImVec2(t.width - 2 * t.pad, rowHeight), score, label, selected);
    } else {           // one row, worst on the left
      tapped = ui.faceCard(name, ImVec2(t.pad + static_cast<float>(score - 1) * (cellWidth + t.pad), y),
                           ImVec2(cellWidth, bottom - y), score, label, selected, labelHeight);
    }
    if (tapped) ctx.flow.rate(score);
  }
  const int action = drawFooter(ctx, true, {{"question-skip", ctx.tr("nav.skip"), ButtonStyle::Quiet}});
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.skipQuestion();
}

}  // namespace suara::kiosk
