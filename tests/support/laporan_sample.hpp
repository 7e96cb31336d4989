#pragma once
// A realistic "Laporan Hasil SKM" model (a civil registry office, one quarter, two years of
// monthly trend, a follow-up plan and actions) for the PDF tests, the benchmark and demo output.

#include <array>
#include <string>

#include "laporan.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara::test {

inline hub::LaporanModel sampleLaporan(bool english = false) {
  const Language language = english ? Language::English : Language::Indonesian;
  hub::LaporanModel m;
  m.english = english;
  m.unitName = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Banyumas";
  m.periodTitle = english ? "Quarter IV 2026" : "Triwulan IV 2026";
  m.generatedDate = "23 November 2026";
  m.timeZone = "WIB";
  m.responses = 598;
  m.skmRespondents = 412;
  m.konversiHundredths = 8186;
  m.mutuLetter = "B";
  m.mutuLabel = english ? "Good" : "Baik";
  m.quickIndexHundredths = 8095;
  m.quickRespondents = 186;
  m.population = 2950;
  m.sampleRequired = 340;

  constexpr std::array<std::int64_t, 9> konversi = {8412, 8035, 7480, 9010, 8245, 8570, 8890, 7820, 7215};
  constexpr std::array<std::int64_t, 9> answered = {412, 409, 405, 398, 411, 402, 412, 214, 407};
  for (int i = 0; i < kSkmElementCount; ++i) {
    const auto n = static_cast<std::size_t>(i);
    const std::int64_t k = konversi[n];
    const std::int64_t half = answered[n] < 300 ? 290 : 185;  // fewer answers, wider interval
    m.elements.push_back({std::string(kSkmElementCodes[n]), std::string(skmElementName(i, language)), answered[n],
                          (k * 4 + 50) / 100, k, k - half, std::min<std::int64_t>(10000, k + half)});
  }

  static constexpr std::array<const char*, 12> kMonthsId = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                                            "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
  static constexpr std::array<const char*, 12> kMonthsEn = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  constexpr std::array<std::int64_t, 24> monthly = {7712, 7750, 7698, 7804, 7795, 0,    7841, 7902,
                                                    7880, 7935, 7990, 7968, 8011, 8054, 7998, 8087,
                                                    8120, 8102, 8150, 8131, 8176, 8205, 8190, 8186};
  for (std::size_t i = 0; i < monthly.size(); ++i) {
    const std::size_t month = (11 + i) % 12;  // from December 2024 to November 2026
    const int year = 2024 + static_cast<int>((11 + i) / 12);
    hub::LaporanTrendPoint p{std::string((english ? kMonthsEn : kMonthsId)[month]) + " " + std::to_string(year),
                             std::nullopt, 0};
    if (monthly[i] > 0) {  // June 2025: the kiosks were away for Lebaran, no SKM answers
      p.konversiHundredths = monthly[i];
      p.respondents = 110 + static_cast<std::int64_t>((i * 37) % 60);
    }
    m.trend.push_back(p);
  }

  const char* services[] = {"Kartu Tanda Penduduk Elektronik (KTP-el)",
                            "Kartu Keluarga",
                            "Akta Kelahiran",
                            "Akta Kematian",
                            "Surat Keterangan Pindah",
                            "Kartu Identitas Anak"};
  const std::int64_t serviceCounts[] = {188, 142, 96, 41, 77, 54};
  const std::int64_t serviceScores[] = {8012, 8233, 8451, 8690, 7540, 8802};
  for (std::size_t i = 0; i < 6; ++i) {
    const char* letter = serviceScores[i] >= 8831 ? "A" : serviceScores[i] >= 7661 ? "B" : "C";
    m.byService.push_back({services[i], serviceCounts[i], serviceScores[i], letter});
  }
  for (int i = 1; i <= 5; ++i) {
    const std::int64_t score = 7690 + i * 97;
    m.byCounter.push_back({(english ? "Counter " : "Loket ") + std::to_string(i), 80 + i * 11, score, "B"});
  }
  m.byCounter.push_back({english ? "Counter 6 (priority)" : "Loket 6 (prioritas)", 24, std::nullopt, ""});

  m.plan = {
      {"U9", std::string(skmElementName(8, language)),
       "Menambah 20 kursi ruang tunggu, memperbaiki dua pendingin ruangan, dan menyediakan jalur kursi roda menuju "
       "loket",
       "Januari\u2013Maret 2027", "Kepala Subbagian Umum dan Kepegawaian", 7215, false},
      {"U3", std::string(skmElementName(2, language)),
       "Antrean daring melalui situs dinas; standar waktu layanan dipasang di setiap loket; waktu tunggu dipantau "
       "setiap minggu",
       "Triwulan I 2027", "Kepala Bidang Pelayanan Pendaftaran Penduduk", 7480, false},
      {"U8", std::string(skmElementName(7, language)),
       "Setiap pengaduan dijawab dalam tiga hari kerja; kanal WhatsApp pengaduan dibuka pada jam layanan",
       "Triwulan I 2027", "Koordinator Pengelola Pengaduan", 7820, true},
      {"U2", std::string(skmElementName(1, language)),
       "Menyederhanakan alur berkas perubahan data kependudukan dari empat meja menjadi dua", "Triwulan II 2027",
       "Sekretaris Dinas", 8035, false},
  };
  m.actions = {
      {"U9", "Penggantian 12 kursi ruang tunggu yang rusak", "Selesai", "14 Agustus 2026",
       "Berhasil: nilai U9 naik dari 68,40 menjadi 72,15 (+3,75 poin) dalam tiga bulan setelah tindakan, di luar "
       "interval 95 % sebelumnya."},
      {"U3", "Penambahan satu petugas loket pada jam sibuk (08.00\u201311.00)", "Selesai", "2 September 2026",
       "Belum terlihat: nilai U3 berubah dari 74,95 menjadi 74,80; selisihnya masih di dalam interval 95 %."},
      {"U8", "Kotak saran digital di ruang tunggu", "Berjalan", "", "Belum dapat dinilai: tindakan belum selesai."},
  };
  m.profile = {
      {english ? "Sex" : "Jenis kelamin",
       {{english ? "Male" : "Laki-laki", 203}, {english ? "Female" : "Perempuan", 209}}},
      {english ? "Age" : "Usia",
       {{"< 20", 22},
        {"20\u201329", 97},
        {"30\u201339", 118},
        {"40\u201349", 89},
        {"50\u201359", 56},
        {"\u2265 60", 30}}},
      {english ? "Education" : "Pendidikan",
       {{"SD", 41}, {"SMP", 63}, {"SMA/SMK", 171}, {"D1\u2013D3", 44}, {"S1", 79}, {"S2/S3", 14}}},
      {english ? "Occupation" : "Pekerjaan",
       {{"PNS/TNI/Polri", 38},
        {english ? "Private employee" : "Pegawai swasta", 121},
        {english ? "Self-employed" : "Wiraswasta", 109},
        {english ? "Student" : "Pelajar/Mahasiswa", 47},
        {english ? "Other" : "Lainnya", 97}}},
  };
  return m;
}

}  // namespace suara::test
