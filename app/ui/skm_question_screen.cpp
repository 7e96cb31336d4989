// skm-2017: one element per screen, its four official answers, progress and back. The
// question's number and name are large, so that consecutive questions that look alike are
// seen to change (the new one also slides in, see chrome.cpp).

#include "ui/screen_context.hpp"

namespace suara::kiosk {

namespace {
// A bar of nine steps: answered = filled, skipped = a dash, current = thick outline.
void drawProgressBar(ScreenContext& ctx, float x, float y, float height) {
  const Theme& t = ctx.theme;
  const int count = ctx.flow.questionCount(), current = ctx.flow.questionIndex();
  const float gap = t.pad * 0.3f;
  const float step = (t.width - x - t.pad - gap * static_cast<float>(count - 1)) / static_cast<float>(count);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int i = 0; i < count; ++i) {
    const ImVec2 a(x + static_cast<float>(i) * (step + gap), y), b(a.x + step, y + height);
    if (ctx.flow.questionAnswered(i)) draw->AddRectFilled(a, b, t.accent, height / 2);
    else draw->AddRect(a, b, i == current ? t.accent : t.outline, height / 2, 0, i == current ? 3.f : 2.f);
    if (ctx.flow.questionSkipped(i))
      draw->AddLine(ImVec2(a.x + step * 0.3f, y + height / 2), ImVec2(b.x - step * 0.3f, y + height / 2), t.mutedText, 2.f);
  }
}
}  // namespace

void drawSkmQuestionScreen(ScreenContext& ctx) {
  const Theme& t = ctx.theme;
  Ui& ui = ctx.ui;
  const int index = ctx.flow.questionIndex();
  const SurveyElement& element = ctx.flow.survey().elements[static_cast<std::size_t>(index)];
  float y = drawHeader(ctx);
  const float wrap = t.width - 2 * t.pad;

  // "Pertanyaan 3 dari 9 · Waktu Penyelesaian", then the progress bar beside it.
  const std::string number = ctx.format("rating.progress", {{"n", std::to_string(index + 1)},
                                                            {"total", std::to_string(ctx.flow.questionCount())}});
  const std::string heading = number + "  ·  " + ctx.tr(element.name);
  const float headingWidth = std::min(wrap * 0.62f, t.bodyBold->CalcTextSizeA(t.bodyBold->FontSize, FLT_MAX, 0.f, heading.c_str()).x);
  ui.text(t.bodyBold, ImVec2(t.pad, y), heading, t.accent, headingWidth + 1);
  const float headingHeight = ui.textHeight(t.bodyBold, heading, headingWidth + 1);
  drawProgressBar(ctx, t.pad * 2 + headingWidth, y + t.bodyBold->FontSize * 0.3f, t.bodyBold->FontSize * 0.45f);
  y += headingHeight + t.pad * 0.3f;
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
  // "Lanjut" only when there is something to keep; "Lewati" always, as an explicit choice.
  const bool kept = ctx.flow.questionAnswered(index) || ctx.flow.questionSkipped(index);
  std::vector<FooterAction> actions{{"question-skip", ctx.tr("nav.skip_question"), ButtonStyle::Quiet}};
  // On the last question, going on stores the rating: the button says so.
  const bool last = index + 1 == ctx.flow.questionCount();
  if (kept) actions.push_back({"question-next", ctx.tr(last ? "nav.save_rating" : "nav.next_question"), ButtonStyle::Primary});
  const int action = drawFooter(ctx, true, actions);
  if (action == -1) ctx.flow.back();
  if (action == 0) ctx.flow.skipQuestion();
  if (action == 1) ctx.flow.nextQuestion();
}

}  // namespace suara::kiosk
