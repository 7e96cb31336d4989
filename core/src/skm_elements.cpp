#include "suara/core/skm_elements.hpp"

namespace suara {

std::optional<int> skmElementIndex(std::string_view code) {
  for (int i = 0; i < kSkmElementCount; ++i)
    if (kSkmElementCodes[static_cast<std::size_t>(i)] == code) return i;
  return std::nullopt;
}

ResponsibleLevel responsibleLevel(int elementIndex) {
  // U3 waktu, U5 produk, U6 kompetensi, U7 perilaku are shaped by the person at the counter.
  switch (elementIndex) {
    case 2: case 4: case 5: case 6: return ResponsibleLevel::Individual;
    default: return ResponsibleLevel::Unit;
  }
}

std::string_view responsibleLevelName(ResponsibleLevel level) {
  return level == ResponsibleLevel::Individual ? "individual" : "unit";
}

std::optional<ResponsibleLevel> parseResponsibleLevel(std::string_view name) {
  if (name == "individual") return ResponsibleLevel::Individual;
  if (name == "unit") return ResponsibleLevel::Unit;
  return std::nullopt;
}

std::string_view skmElementName(int elementIndex, Language language) {
  static constexpr std::string_view kIndonesian[kSkmElementCount] = {
      "Persyaratan",
      "Sistem, Mekanisme, dan Prosedur",
      "Waktu Penyelesaian",
      "Biaya/Tarif",
      "Produk Spesifikasi Jenis Pelayanan",
      "Kompetensi Pelaksana",
      "Perilaku Pelaksana",
      "Penanganan Pengaduan, Saran dan Masukan",
      "Sarana dan prasarana",
  };
  // As assets/surveys/skm-2017.json names them in English (a test keeps the two the same).
  static constexpr std::string_view kEnglish[kSkmElementCount] = {
      "Requirements",
      "Systems, mechanisms and procedures",
      "Completion time",
      "Cost and fees",
      "Service product as specified",
      "Staff competence",
      "Staff behaviour",
      "Handling of complaints, suggestions and feedback",
      "Facilities and infrastructure",
  };
  return (language == Language::English ? kEnglish : kIndonesian)[elementIndex];
}

}  // namespace suara
