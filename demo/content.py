"""The demo data: organisation, people, units, documents, schools, links and news.

Names of people other than the Trưởng phòng who signed Quyết định 33/QĐ-GDĐT
are invented. Texts that mention a school year use ``{sy}`` (the school year
of the item's date, e.g. ``2025-2026``) and ``{y}`` (its calendar year), so
dates placed relative to today always agree with their titles.
"""

# --- the office -------------------------------------------------------------

OFFICE_NAME = "Phòng Giáo dục và Đào tạo Kim Bảng"
OFFICE_SHORT_NAME = "Phòng GD&ĐT Kim Bảng"
PARENT_AUTHORITY = "UBND huyện Kim Bảng"
OFFICE_ADDRESS = "Khu Trung tâm hành chính huyện, thị trấn Quế, huyện Kim Bảng, tỉnh Hà Nam"
OFFICE_PHONE = "0226 3820 318"
OFFICE_EMAIL = "pgddt@kimbang.edu.vn"
HEAD_NAME = "Trương Văn Lộc"
HEAD_TITLE = "Trưởng phòng"
DEPUTIES = [
    ("Nguyễn Thị Thu Hà", "Phó Trưởng phòng", "0912 386 214"),
    ("Đỗ Văn Thắng", "Phó Trưởng phòng", "0983 517 460"),
]
# The footer already shows the name, the parent authority, the address, phone and e-mail from the
# settings: the text adds only what they do not say.
PERSON_RESPONSIBLE = f"Ông {HEAD_NAME}, Trưởng phòng Giáo dục và Đào tạo"
FOOTER_TEXT = (
    "Website hoạt động theo Quy chế ban hành kèm theo Quyết định số 33/QĐ-GDĐT ngày 21/11/2013. "
    "Ghi rõ nguồn “Website Phòng GD&ĐT Kim Bảng” khi phát hành lại thông tin từ website này."
)
SITE_NAME = OFFICE_SHORT_NAME

HOME_INTRO = (
    "Cổng thông tin điện tử của Phòng Giáo dục và Đào tạo Kim Bảng: tin hoạt động của Phòng và các "
    "trường mầm non, tiểu học, trung học cơ sở trong huyện, văn bản chỉ đạo điều hành và thông tin "
    "liên hệ của các đơn vị."
)

# --- demo accounts ----------------------------------------------------------

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo password, seed data only

# (username, first_name, last_name, email, groups, is_superuser, role)
# first_name holds family and middle names so that Django's get_full_name()
# ("first last") reads in Vietnamese order: "Trương Văn Lộc".
DEMO_USERS = [
    (
        "quantri",
        "Nguyễn Đức",
        "Anh",
        "quantri@kimbang.edu.vn",
        ["Quản trị CNTT"],
        True,
        "Quản trị hệ thống, cán bộ CNTT",
    ),
    ("bientap", "Phạm Thị Hồng", "Nhung", "bientap@kimbang.edu.vn", ["Ban biên tập"], False, "Ban biên tập"),
    (
        "lanhdao",
        "Trương Văn",
        "Lộc",
        "truongphong@kimbang.edu.vn",
        ["Lãnh đạo phòng"],
        False,
        "Lãnh đạo Phòng",
    ),
    ("canbo", "Lê Thị Thu", "Trang", "canbo@kimbang.edu.vn", ["Cán bộ phòng"], False, "Chuyên viên Phòng"),
    (
        "daumoi.thcsbasao",
        "Đinh Thị",
        "Mai",
        "daumoi.thcsbasao@kimbang.edu.vn",
        ["Trường THCS Ba Sao – Đầu mối"],
        False,
        "Cán bộ đầu mối, Trường THCS Ba Sao",
    ),
    (
        "hieutruong.thcsbasao",
        "Vũ Văn",
        "Hùng",
        "hieutruong.thcsbasao@kimbang.edu.vn",
        ["Trường THCS Ba Sao – Hiệu trưởng"],
        False,
        "Hiệu trưởng, Trường THCS Ba Sao",
    ),
    (
        "cntt.thcsbasao",
        "Hoàng Minh",
        "Tuấn",
        "cntt.thcsbasao@kimbang.edu.vn",
        ["Trường THCS Ba Sao – Quản trị CNTT"],
        False,
        "Cán bộ CNTT, Trường THCS Ba Sao",
    ),
]
# The school whose principal and contact have demo accounts.
DEMO_SCHOOL_SLUG = "truong-thcs-ba-sao"
DEMO_SCHOOL_PRINCIPAL = "Vũ Văn Hùng"
DEMO_SCHOOL_CONTACT = "Đinh Thị Mai"

# Demo schools served as member sites (Circular 37/2020/TT-BGDĐT Art. 3) on ``<label>.localhost``,
# which browsers resolve to loopback: (school slug, host label). The label is the e-mail prefix of
# the school's level and its commune's name without spaces or marks, as an ``edu.vn`` address would be.
MEMBER_SITES = [
    ("truong-thcs-ba-sao", "thcs-basao"),
    ("truong-mam-non-ba-sao", "mn-basao"),
    ("truong-tieu-hoc-le-ho", "th-leho"),
]
# Their principal publishes the school's news without the authority's board (Circular 37/2020);
# the others keep the 2013 regulation's principal-then-board workflow.
SELF_PUBLISHING_SCHOOLS = {"truong-mam-non-ba-sao"}
DEV_DOMAIN = "localhost"
DEV_PORT = 8000  # `make run` (Makefile PORT)

# --- sections ---------------------------------------------------------------

SECTIONS = {
    "feedback": {
        "title": "Hỏi đáp – Góp ý",
        "slug": "hoi-dap-gop-y",
        "intro": (
            "Cha mẹ học sinh, thầy cô và các em học sinh gửi câu hỏi, góp ý về công tác đào tạo, bồi dưỡng, "
            "nghiên cứu khoa học và các hoạt động khác của ngành. Chúng tôi trả lời trong 5 ngày làm việc "
            "(trường hợp phức tạp không quá 10 ngày làm việc) theo Điều 14 của Quy chế."
        ),
    },
    "org": {
        "title": "Giới thiệu",
        "slug": "gioi-thieu",
        "intro": (
            "Chức năng, nhiệm vụ, quyền hạn của Phòng Giáo dục và Đào tạo Kim Bảng, các bộ phận chuyên môn "
            "và các tổ chức chính trị, chính trị - xã hội, đoàn thể trong cơ quan."
        ),
    },
    "directives": {
        "title": "Văn bản chỉ đạo điều hành",
        "slug": "van-ban",
        "intro": (
            "Văn bản quy phạm, văn bản chỉ đạo điều hành của cấp trên và của Lãnh đạo Phòng; nội quy, quy chế, "
            "quy định do Phòng ban hành và dự thảo văn bản cần lấy ý kiến."
        ),
    },
    "news": {
        "title": "Tin tức",
        "slug": "tin-tuc",
        "intro": (
            "Hoạt động của Phòng GD&ĐT, của các tổ chức đoàn thể trong ngành và các bài viết trao đổi "
            "chuyên môn, nghiệp vụ."
        ),
    },
    "schools": {
        "title": "Trường học",
        "slug": "truong-hoc",
        "intro": (
            "Các trường mầm non, tiểu học và trung học cơ sở thuộc Phòng GD&ĐT Kim Bảng: thông tin liên hệ "
            "và tin hoạt động do từng trường cung cấp."
        ),
    },
}

# --- organisation pages -----------------------------------------------------

OFFICE_FUNCTIONS = """
<h3>Vị trí và chức năng</h3>
<p>Phòng Giáo dục và Đào tạo Kim Bảng là cơ quan chuyên môn thuộc Ủy ban nhân dân huyện Kim Bảng, có chức năng tham mưu, giúp Ủy ban nhân dân huyện thực hiện chức năng quản lý nhà nước về giáo dục và đào tạo trên địa bàn huyện, gồm: mục tiêu, chương trình, nội dung giáo dục và đào tạo; tiêu chuẩn nhà giáo và cán bộ quản lý giáo dục; tiêu chuẩn cơ sở vật chất, thiết bị trường học và đồ chơi trẻ em; quy chế thi cử và cấp văn bằng, chứng chỉ; bảo đảm chất lượng giáo dục và đào tạo.</p>
<p>Phòng có tư cách pháp nhân, có con dấu và tài khoản riêng; chịu sự chỉ đạo, quản lý về tổ chức, vị trí việc làm, biên chế công chức và công tác của Ủy ban nhân dân huyện, đồng thời chịu sự chỉ đạo, hướng dẫn, kiểm tra về chuyên môn, nghiệp vụ của Sở Giáo dục và Đào tạo Hà Nam.</p>
<h3>Nhiệm vụ và quyền hạn</h3>
<ol>
<li>Trình Ủy ban nhân dân huyện ban hành quyết định, chỉ thị, kế hoạch dài hạn, 05 năm và hằng năm về phát triển giáo dục và đào tạo trên địa bàn; chương trình, biện pháp tổ chức thực hiện nhiệm vụ cải cách hành chính nhà nước trong lĩnh vực giáo dục.</li>
<li>Tổ chức thực hiện các văn bản pháp luật, quy hoạch, kế hoạch, chương trình đã được phê duyệt; thông tin, tuyên truyền, phổ biến, giáo dục pháp luật về giáo dục và đào tạo.</li>
<li>Hướng dẫn, tổ chức thực hiện công tác tuyển sinh, thi cử, đánh giá kết quả giáo dục; cấp văn bằng, chứng chỉ theo phân cấp; quản lý việc dạy thêm, học thêm đối với cấp tiểu học và trung học cơ sở.</li>
<li>Chỉ đạo các trường mầm non, tiểu học, trung học cơ sở thực hiện chương trình giáo dục; tổ chức các hội thi giáo viên dạy giỏi, thi chọn học sinh giỏi cấp huyện.</li>
<li>Tham mưu Ủy ban nhân dân huyện thực hiện công tác phổ cập giáo dục, xóa mù chữ; xây dựng trường đạt chuẩn quốc gia và kiểm định chất lượng giáo dục.</li>
<li>Quản lý đội ngũ nhà giáo, cán bộ quản lý giáo dục; phối hợp với Phòng Nội vụ tham mưu tuyển dụng, điều động, bổ nhiệm, đánh giá, bồi dưỡng theo phân cấp.</li>
<li>Quản lý, sử dụng tài chính, tài sản, thiết bị được giao; phối hợp lập dự toán ngân sách giáo dục hằng năm của huyện.</li>
<li>Thực hiện công tác thống kê, thông tin, báo cáo định kỳ và đột xuất về tình hình giáo dục với Ủy ban nhân dân huyện và Sở Giáo dục và Đào tạo; kiểm tra, giải quyết khiếu nại, tố cáo, phòng chống tham nhũng trong lĩnh vực được giao.</li>
<li>Ứng dụng công nghệ thông tin, chuyển đổi số trong quản lý và dạy học; quản lý Website Phòng GD&amp;ĐT Kim Bảng theo Quy chế của Phòng.</li>
</ol>
<h3>Cơ cấu tổ chức</h3>
<p>Phòng có Trưởng phòng, các Phó Trưởng phòng và công chức chuyên môn, nghiệp vụ, được phân công theo các bộ phận: Giáo dục Mầm non, Giáo dục Tiểu học, Giáo dục Trung học cơ sở, Tổ chức - Hành chính - Tài vụ.</p>
"""

ORG_UNITS = [
    {
        "title": OFFICE_NAME,
        "slug": "phong-giao-duc-va-dao-tao",
        "kind": "office",
        "intro": (
            "Cơ quan chuyên môn thuộc UBND huyện Kim Bảng, tham mưu quản lý nhà nước về giáo dục và đào tạo "
            "đối với các trường mầm non, tiểu học và trung học cơ sở trên địa bàn huyện."
        ),
        "functions": OFFICE_FUNCTIONS,
        "leaders": [(HEAD_NAME, HEAD_TITLE, "0913 290 451", "truongphong@kimbang.edu.vn")]
        + [(name, title, phone, "") for name, title, phone in DEPUTIES],
        "address": OFFICE_ADDRESS,
        "phone": OFFICE_PHONE,
        "email": OFFICE_EMAIL,
    },
    {
        "title": "Bộ phận Giáo dục Mầm non",
        "slug": "bo-phan-giao-duc-mam-non",
        "kind": "unit",
        "intro": "Tham mưu chỉ đạo chuyên môn đối với các trường mầm non trong huyện.",
        "functions": (
            "<ul><li>Hướng dẫn các trường thực hiện Chương trình giáo dục mầm non; chuyên đề xây dựng trường "
            "mầm non lấy trẻ làm trung tâm.</li><li>Theo dõi công tác nuôi dưỡng, chăm sóc sức khỏe, an toàn "
            "thực phẩm và phòng chống tai nạn thương tích cho trẻ.</li><li>Tổ chức hội thi giáo viên dạy giỏi, "
            "giáo viên chủ nhiệm giỏi cấp học mầm non; kiểm tra, đánh giá trường đạt chuẩn quốc gia.</li>"
            "<li>Tham mưu phổ cập giáo dục mầm non cho trẻ em 5 tuổi.</li></ul>"
        ),
        "leaders": [("Nguyễn Thị Thu Hà", "Phó Trưởng phòng phụ trách", "0912 386 214", "")],
        "phone": "0226 3820 319",
    },
    {
        "title": "Bộ phận Giáo dục Tiểu học",
        "slug": "bo-phan-giao-duc-tieu-hoc",
        "kind": "unit",
        "intro": "Tham mưu chỉ đạo chuyên môn đối với các trường tiểu học trong huyện.",
        "functions": (
            "<ul><li>Hướng dẫn thực hiện Chương trình giáo dục phổ thông 2018 ở cấp tiểu học; lựa chọn sách "
            "giáo khoa, kế hoạch giáo dục nhà trường.</li><li>Chỉ đạo đổi mới phương pháp dạy học, đánh giá "
            "học sinh tiểu học; dạy học 2 buổi/ngày, tiếng Anh và tin học.</li><li>Tổ chức giao lưu, hội thi "
            "cấp huyện cho học sinh và giáo viên tiểu học.</li><li>Theo dõi phổ cập giáo dục tiểu học, xóa mù "
            "chữ.</li></ul>"
        ),
        "leaders": [
            ("Đỗ Văn Thắng", "Phó Trưởng phòng phụ trách", "0983 517 460", ""),
            ("Trần Thị Bích Ngọc", "Chuyên viên", "", ""),
        ],
        "phone": "0226 3820 320",
    },
    {
        "title": "Bộ phận Giáo dục Trung học cơ sở",
        "slug": "bo-phan-giao-duc-trung-hoc-co-so",
        "kind": "unit",
        "intro": "Tham mưu chỉ đạo chuyên môn đối với các trường trung học cơ sở trong huyện.",
        "functions": (
            "<ul><li>Hướng dẫn thực hiện chương trình, kế hoạch giáo dục cấp trung học cơ sở; giáo dục STEM, "
            "hướng nghiệp và phân luồng học sinh sau tốt nghiệp THCS.</li><li>Tổ chức thi chọn học sinh giỏi "
            "lớp 9 cấp huyện, chọn đội tuyển dự thi cấp tỉnh; ôn tập cho kỳ thi tuyển sinh vào lớp 10.</li>"
            "<li>Xét công nhận tốt nghiệp trung học cơ sở theo phân cấp.</li><li>Theo dõi phổ cập giáo dục "
            "trung học cơ sở.</li></ul>"
        ),
        "leaders": [
            (HEAD_NAME, "Trưởng phòng phụ trách", "", ""),
            ("Phạm Văn Quyết", "Chuyên viên", "", ""),
        ],
        "phone": "0226 3820 321",
    },
    {
        "title": "Chi bộ Phòng GD&ĐT",
        "slug": "chi-bo-phong-gd-dt",
        "kind": "organisation",
        "intro": "Chi bộ cơ sở trực thuộc Đảng bộ Khối cơ quan huyện, lãnh đạo toàn diện hoạt động của cơ quan.",
        "functions": (
            "<p>Chi bộ lãnh đạo cơ quan thực hiện nhiệm vụ chính trị; giáo dục chính trị tư tưởng, xây dựng "
            "đội ngũ đảng viên, công chức trong sạch, vững mạnh; lãnh đạo các đoàn thể trong cơ quan. Chi bộ "
            "sinh hoạt định kỳ hằng tháng và sinh hoạt chuyên đề theo hướng dẫn của cấp ủy cấp trên.</p>"
        ),
        "leaders": [(HEAD_NAME, "Bí thư Chi bộ", "", ""), ("Nguyễn Thị Thu Hà", "Phó Bí thư Chi bộ", "", "")],
    },
    {
        "title": "Công đoàn Giáo dục huyện Kim Bảng",
        "slug": "cong-doan-giao-duc-huyen-kim-bang",
        "kind": "organisation",
        "intro": "Đại diện, chăm lo và bảo vệ quyền, lợi ích hợp pháp của cán bộ, nhà giáo, người lao động trong ngành.",
        "functions": (
            "<p>Công đoàn Giáo dục huyện chỉ đạo công đoàn các trường tổ chức phong trào thi đua “Dạy tốt – "
            "Học tốt”, cuộc vận động “Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo”; phối hợp "
            "với chuyên môn tổ chức hội nghị cán bộ, viên chức; chăm lo đời sống, hoạt động văn hóa, thể thao "
            "cho đoàn viên.</p>"
        ),
        "leaders": [
            ("Trần Thị Lan", "Chủ tịch Công đoàn", "0974 203 886", ""),
            ("Bùi Văn Toàn", "Phó Chủ tịch", "", ""),
        ],
    },
    {
        "title": "Đoàn Thanh niên ngành Giáo dục",
        "slug": "doan-thanh-nien-nganh-giao-duc",
        "kind": "organisation",
        "intro": "Tập hợp đoàn viên, giáo viên trẻ trong các trường học và cơ quan Phòng.",
        "functions": (
            "<p>Tổ chức các phong trào “Tuổi trẻ sáng tạo”, “Thanh niên tình nguyện”; phối hợp với Hội đồng "
            "Đội huyện phụ trách công tác Đội và phong trào thiếu nhi trong trường học; bồi dưỡng giới thiệu "
            "đoàn viên ưu tú cho Đảng xem xét kết nạp.</p>"
        ),
        "leaders": [("Lê Minh Tuấn", "Bí thư Đoàn", "0865 114 927", "")],
    },
]

# --- directives ---------------------------------------------------------------
# Each document names its fields ("subjects": Lĩnh vực), which the registry's filter lists.

REGULATION = {
    "number": "33/QĐ-GDĐT",
    "subjects": ["Chuyển đổi số, công nghệ thông tin", "Hành chính, tổ chức"],
    "doc_type": "quy-che",
    "issuing_body": OFFICE_SHORT_NAME,
    "signed_date": (2013, 11, 21),
    "signer": HEAD_NAME,
    "title": "Quy chế tổ chức và quản lý hoạt động của Website Phòng GD&ĐT Kim Bảng",
    "summary": "Về việc tổ chức và quản lý hoạt động của Website phòng GD&ĐT Kim Bảng",
}

# Dates: (month, day) → the latest such day before today; "years_back" moves it further back.
DIRECTIVES = [
    {
        "number": "1456/SGDĐT-GDTrH",
        "subjects": ["Giáo dục trung học"],
        "doc_type": "cong-van",
        "issuing_body": "Sở GD&ĐT Hà Nam",
        "when": (9, 12),
        "signer": "Nguyễn Văn Quảng",
        "title": "Hướng dẫn thực hiện nhiệm vụ giáo dục trung học năm học {sy}",
        "summary": "V/v hướng dẫn thực hiện nhiệm vụ giáo dục trung học năm học {sy}",
        "body": [
            "Căn cứ Quyết định của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Khung kế hoạch thời gian năm học "
            "{sy} đối với giáo dục mầm non, giáo dục phổ thông và giáo dục thường xuyên;",
            "Sở Giáo dục và Đào tạo hướng dẫn các Phòng Giáo dục và Đào tạo, các trường trung học thực hiện "
            "nhiệm vụ năm học {sy} như sau:",
            "1. Thực hiện Chương trình giáo dục phổ thông 2018 đối với tất cả các khối lớp; xây dựng và tổ chức "
            "thực hiện kế hoạch giáo dục nhà trường theo hướng phát triển phẩm chất, năng lực học sinh.",
            "2. Đổi mới phương pháp dạy học, kiểm tra, đánh giá; đẩy mạnh giáo dục STEM, giáo dục hướng nghiệp "
            "và phân luồng học sinh sau trung học cơ sở.",
            "3. Tăng cường ứng dụng công nghệ thông tin, chuyển đổi số; cập nhật đầy đủ, chính xác dữ liệu lên "
            "cơ sở dữ liệu ngành.",
            "Nhận được văn bản này, đề nghị các đơn vị triển khai thực hiện nghiêm túc./.",
        ],
    },
    {
        "number": "1512/SGDĐT-GDMN",
        "subjects": ["Giáo dục mầm non"],
        "doc_type": "cong-van",
        "issuing_body": "Sở GD&ĐT Hà Nam",
        "when": (9, 16),
        "signer": "Lê Thị Hằng",
        "title": "Hướng dẫn thực hiện nhiệm vụ giáo dục mầm non năm học {sy}",
        "summary": "V/v hướng dẫn thực hiện nhiệm vụ giáo dục mầm non năm học {sy}",
        "body": [
            "Thực hiện hướng dẫn của Bộ Giáo dục và Đào tạo về nhiệm vụ giáo dục mầm non năm học {sy}, Sở Giáo "
            "dục và Đào tạo hướng dẫn các đơn vị như sau:",
            "1. Bảo đảm an toàn tuyệt đối cho trẻ; nâng cao chất lượng nuôi dưỡng, chăm sóc, giáo dục trẻ; thực "
            "hiện tốt chuyên đề “Xây dựng trường mầm non lấy trẻ làm trung tâm”.",
            "2. Duy trì, nâng cao chất lượng phổ cập giáo dục mầm non cho trẻ em 5 tuổi; tăng tỷ lệ huy động trẻ "
            "nhà trẻ và mẫu giáo ra lớp.",
            "3. Rà soát, bổ sung cơ sở vật chất, thiết bị, đồ chơi theo tiêu chuẩn; bảo đảm an toàn thực phẩm "
            "trong bếp ăn bán trú.",
            "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các đơn vị báo cáo về Sở (qua Phòng Giáo dục "
            "Mầm non) để được hướng dẫn./.",
        ],
    },
    {
        "number": "2387/QĐ-UBND",
        "subjects": ["Tuyển sinh"],
        "doc_type": "quyet-dinh",
        "issuing_body": PARENT_AUTHORITY,
        "when": (7, 25),
        "signer": "Đặng Văn Chiến",
        "title": "Quyết định giao chỉ tiêu tuyển sinh các trường mầm non, tiểu học, THCS năm học {sy_next}",
        "summary": "Về việc giao chỉ tiêu tuyển sinh năm học {sy_next} cho các trường mầm non, tiểu học, trung học cơ sở",
        "body": [
            "ỦY BAN NHÂN DÂN HUYỆN KIM BẢNG",
            "Căn cứ Luật Tổ chức chính quyền địa phương; Luật Giáo dục ngày 14 tháng 6 năm 2019;",
            "Xét đề nghị của Trưởng phòng Giáo dục và Đào tạo huyện,",
            "QUYẾT ĐỊNH:",
            "Điều 1. Giao chỉ tiêu tuyển sinh năm học {sy_next} cho các trường mầm non, tiểu học, trung học cơ sở "
            "trên địa bàn huyện (có phụ lục kèm theo).",
            "Điều 2. Phòng Giáo dục và Đào tạo hướng dẫn các trường tổ chức tuyển sinh đúng quy chế, công khai, "
            "minh bạch; Ủy ban nhân dân các xã, thị trấn phối hợp huy động trẻ trong độ tuổi ra lớp.",
            "Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Giáo dục và Đào tạo, Chủ tịch UBND các "
            "xã, thị trấn và Hiệu trưởng các trường chịu trách nhiệm thi hành Quyết định này./.",
        ],
    },
    {
        "number": "96/KH-UBND",
        "subjects": ["Phổ cập giáo dục, xóa mù chữ"],
        "doc_type": "ke-hoach",
        "issuing_body": PARENT_AUTHORITY,
        "when": (3, 18),
        "signer": "Đặng Văn Chiến",
        "title": "Kế hoạch phổ cập giáo dục, xóa mù chữ năm {y}",
        "summary": "Kế hoạch thực hiện công tác phổ cập giáo dục, xóa mù chữ trên địa bàn huyện năm {y}",
        "body": [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Duy trì vững chắc và nâng cao chất lượng phổ cập giáo dục mầm non cho trẻ em 5 tuổi, phổ cập giáo "
            "dục tiểu học mức độ 3, phổ cập giáo dục trung học cơ sở mức độ 3 và xóa mù chữ mức độ 2.",
            "II. NHIỆM VỤ, GIẢI PHÁP",
            "1. Ban Chỉ đạo phổ cập giáo dục các xã, thị trấn điều tra, cập nhật số liệu lên hệ thống thông tin "
            "điện tử quản lý phổ cập giáo dục – xóa mù chữ đúng thời gian quy định.",
            "2. Phòng Giáo dục và Đào tạo hướng dẫn nghiệp vụ, tổ chức kiểm tra công nhận và tổng hợp hồ sơ đề "
            "nghị Ủy ban nhân dân tỉnh kiểm tra công nhận huyện đạt chuẩn.",
            "III. TỔ CHỨC THỰC HIỆN",
            "Các cơ quan, đơn vị căn cứ Kế hoạch này triển khai thực hiện, báo cáo kết quả về Ủy ban nhân dân "
            "huyện (qua Phòng Giáo dục và Đào tạo) trước ngày 15 tháng 11./.",
        ],
    },
    {
        "number": "45/KH-PGDĐT",
        "subjects": ["Chuyên môn, nghiệp vụ", "Thi đua, khen thưởng"],
        "doc_type": "ke-hoach",
        "issuing_body": OFFICE_SHORT_NAME,
        "when": (10, 3),
        "signer": HEAD_NAME,
        "title": "Kế hoạch tổ chức Hội thi giáo viên dạy giỏi cấp huyện năm học {sy}",
        "summary": "Kế hoạch tổ chức Hội thi giáo viên dạy giỏi cấp huyện các cấp học năm học {sy}",
        "body": [
            "Căn cứ Thông tư số 22/2019/TT-BGDĐT ngày 20/12/2019 của Bộ Giáo dục và Đào tạo ban hành Quy định "
            "về hội thi giáo viên dạy giỏi cơ sở giáo dục mầm non, giáo dục phổ thông;",
            "Phòng Giáo dục và Đào tạo xây dựng Kế hoạch tổ chức Hội thi giáo viên dạy giỏi cấp huyện năm học "
            "{sy} như sau:",
            "1. Đối tượng: giáo viên đạt danh hiệu giáo viên dạy giỏi cấp trường, có ít nhất 03 năm liên tục "
            "trực tiếp giảng dạy.",
            "2. Nội dung: trình bày biện pháp nâng cao chất lượng giảng dạy, giáo dục học sinh; thực hành dạy "
            "02 tiết, trong đó 01 tiết do thí sinh tự chọn và 01 tiết do Ban tổ chức bốc thăm.",
            "3. Thời gian: vòng thi biện pháp trong tháng 12; vòng thực hành trong tháng 01 năm sau.",
            "Các trường gửi danh sách đăng ký về Phòng (qua bộ phận chuyên môn từng cấp học) trước ngày 30/10./.",
        ],
    },
    {
        "number": "12/TB-PGDĐT",
        "subjects": ["Tuyển sinh"],
        "doc_type": "thong-bao",
        "issuing_body": OFFICE_SHORT_NAME,
        "when": (5, 20),
        "signer": "Nguyễn Thị Thu Hà",
        "title": "Thông báo tuyển sinh vào lớp 1 và lớp 6 năm học {sy_next}",
        "summary": "Thông báo về việc tuyển sinh vào lớp 1 và lớp 6 năm học {sy_next}",
        "body": [
            "Phòng Giáo dục và Đào tạo Kim Bảng thông báo kế hoạch tuyển sinh vào lớp 1 và lớp 6 năm học "
            "{sy_next} như sau:",
            "1. Phương thức: xét tuyển theo địa bàn cư trú, đúng chỉ tiêu được giao; khuyến khích cha mẹ học "
            "sinh đăng ký tuyển sinh trực tuyến.",
            "2. Thời gian nhận hồ sơ: từ ngày 01/7 đến ngày 15/7. Các trường công bố kết quả trước ngày 25/7.",
            "3. Hồ sơ gồm: đơn đăng ký, bản sao giấy khai sinh; với lớp 6 có thêm học bạ tiểu học.",
            "Mọi thắc mắc xin liên hệ bộ phận chuyên môn của Phòng hoặc Ban tuyển sinh các trường./.",
        ],
    },
    {
        "number": "215/PGDĐT-THCS",
        "subjects": ["Giáo dục trung học", "Chuyên môn, nghiệp vụ"],
        "doc_type": "cong-van",
        "issuing_body": OFFICE_SHORT_NAME,
        "when": (12, 2),
        "signer": HEAD_NAME,
        "title": "Tổ chức thi chọn học sinh giỏi lớp 9 cấp huyện năm học {sy}",
        "summary": "V/v tổ chức thi chọn học sinh giỏi lớp 9 cấp huyện năm học {sy}",
        "body": [
            "Kính gửi: Hiệu trưởng các trường THCS trong huyện.",
            "Căn cứ kế hoạch năm học {sy}, Phòng Giáo dục và Đào tạo tổ chức kỳ thi chọn học sinh giỏi lớp 9 "
            "cấp huyện các môn văn hóa như sau:",
            "1. Môn thi: Ngữ văn, Toán, Tiếng Anh, Khoa học tự nhiên, Lịch sử và Địa lí, Tin học.",
            "2. Thời gian thi: ngày 10/01; địa điểm thi: Trường THCS thị trấn Quế.",
            "3. Các trường đăng ký dự thi trên hệ thống quản lý thi trước ngày 25/12 và chịu trách nhiệm về "
            "tính chính xác của thông tin thí sinh.",
            "Đề nghị Hiệu trưởng các trường triển khai thực hiện./.",
        ],
    },
    {
        "number": "18/TB-PGDĐT",
        "subjects": ["Kế hoạch năm học"],
        "doc_type": "thong-bao",
        "issuing_body": OFFICE_SHORT_NAME,
        "when": (8, 15),
        "signer": HEAD_NAME,
        "title": "Thông báo lịch tựu trường và khai giảng năm học {sy}",
        "summary": "Thông báo thời gian tựu trường, khai giảng năm học {sy}",
        "body": [
            "Thực hiện Khung kế hoạch thời gian năm học {sy} của Ủy ban nhân dân tỉnh, Phòng Giáo dục và Đào tạo "
            "thông báo:",
            "1. Các trường mầm non, tiểu học, trung học cơ sở tổ chức tựu trường từ ngày 25/8 (riêng lớp 1 từ "
            "ngày 20/8 để làm quen với trường lớp).",
            "2. Lễ khai giảng năm học mới tổ chức đồng loạt vào sáng ngày 05/9; bảo đảm ngắn gọn, trang trọng, "
            "an toàn.",
            "3. Các trường báo cáo công tác chuẩn bị năm học mới về Phòng trước ngày 30/8./.",
        ],
    },
    {
        "number": "52/QĐ-PGDĐT",
        "subjects": ["Hành chính, tổ chức"],
        "doc_type": "quy-che",
        "issuing_body": OFFICE_SHORT_NAME,
        "when": (11, 18),
        "signer": HEAD_NAME,
        "title": "Dự thảo Quy chế dân chủ ở cơ sở của Phòng GD&ĐT (lấy ý kiến)",
        "summary": "Dự thảo Quy chế thực hiện dân chủ ở cơ sở của Phòng Giáo dục và Đào tạo, lấy ý kiến các đơn vị",
        # Điều 6.3: a draft published for comment, open for two weeks from the seed.
        "consultation": {"audience": "Cán bộ, công chức của Phòng và cán bộ quản lý các trường", "days": 14},
        "body": [
            "Điều 1. Phạm vi điều chỉnh: Quy chế này quy định việc thực hiện dân chủ trong hoạt động của Phòng.",
            "Điều 2. Nguyên tắc: công khai, minh bạch; phát huy quyền làm chủ của cán bộ, công chức.",
            "Điều 3. Những việc cán bộ, công chức được biết, được tham gia ý kiến và được giám sát.",
        ],
    },
]

# --- schools ----------------------------------------------------------------

# (commune as written in addresses, name used in school names)
COMMUNES = [
    ("Thị trấn Quế", "thị trấn Quế"),
    ("Thị trấn Ba Sao", "Ba Sao"),
    ("Xã Khả Phong", "Khả Phong"),
    ("Xã Liên Sơn", "Liên Sơn"),
    ("Xã Thanh Sơn", "Thanh Sơn"),
    ("Xã Thi Sơn", "Thi Sơn"),
    ("Xã Thụy Lôi", "Thụy Lôi"),
    ("Xã Tân Sơn", "Tân Sơn"),
    ("Xã Văn Xá", "Văn Xá"),
    ("Xã Đồng Hóa", "Đồng Hóa"),
    ("Xã Nhật Tân", "Nhật Tân"),
    ("Xã Nhật Tựu", "Nhật Tựu"),
    ("Xã Lê Hồ", "Lê Hồ"),
    ("Xã Đại Cương", "Đại Cương"),
    ("Xã Nguyễn Úy", "Nguyễn Úy"),
    ("Xã Tượng Lĩnh", "Tượng Lĩnh"),
    ("Xã Hoàng Tây", "Hoàng Tây"),
]

# (level value, name prefix, e-mail prefix)
LEVELS = [
    ("mam-non", "Trường Mầm non", "mn"),
    ("tieu-hoc", "Trường Tiểu học", "th"),
    ("thcs", "Trường THCS", "thcs"),
]

FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đỗ",
    "Bùi",
    "Đặng",
    "Ngô",
    "Đinh",
    "Dương",
    "Lại",
    "Phan",
    "Trịnh",
]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân"]
FEMALE_MIDDLE = ["Thị", "Thị Thu", "Thị Hồng", "Thị Thanh", "Thị Minh", "Thị Ngọc", "Thị Kim"]
MALE_GIVEN = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Thắng",
    "Hải",
    "Long",
    "Quân",
    "Sơn",
    "Trung",
    "Việt",
    "Cường",
    "Khánh",
]
FEMALE_GIVEN = [
    "Hà",
    "Hương",
    "Lan",
    "Mai",
    "Nga",
    "Hằng",
    "Thảo",
    "Loan",
    "Yến",
    "Huyền",
    "Phương",
    "Dung",
    "Oanh",
]
VILLAGES_TOWN = [
    "Tổ dân phố số 1",
    "Tổ dân phố số 2",
    "Tổ dân phố số 3",
    "Tổ dân phố số 5",
    "Tổ dân phố số 7",
]
VILLAGES_COMMUNE = ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Thôn Trung", "Thôn Đông", "Thôn Bắc", "Thôn Nam"]

SCHOOL_INTROS = {
    "mam-non": "Trường mầm non công lập nuôi dạy trẻ từ 18 tháng đến 6 tuổi trên địa bàn {commune_lower}.",
    "tieu-hoc": "Trường tiểu học công lập, dạy học 2 buổi/ngày theo Chương trình giáo dục phổ thông 2018.",
    "thcs": "Trường trung học cơ sở công lập đón học sinh lớp 6 đến lớp 9 trên địa bàn {commune_lower}.",
}

# --- link directory ---------------------------------------------------------

LINK_GROUPS = [
    (
        "Cơ quan quản lý",
        1,
        [
            ("Bộ Giáo dục và Đào tạo", "https://moet.gov.vn/", "Cổng thông tin điện tử Bộ GD&ĐT"),
            ("Sở Giáo dục và Đào tạo Hà Nam", "https://hanam.edu.vn/", "Cổng thông tin Sở GD&ĐT Hà Nam"),
            ("UBND tỉnh Hà Nam", "https://hanam.gov.vn/", "Cổng thông tin điện tử tỉnh Hà Nam"),
            ("UBND huyện Kim Bảng", "https://kimbang.hanam.gov.vn/", "Cổng thông tin điện tử huyện Kim Bảng"),
        ],
    ),
    (
        "Dịch vụ công",
        2,
        [
            (
                "Cổng Dịch vụ công quốc gia",
                "https://dichvucong.gov.vn/",
                "Nộp hồ sơ, tra cứu thủ tục hành chính",
            ),
            ("Hệ thống thông tin giải quyết TTHC tỉnh Hà Nam", "https://dichvucong.hanam.gov.vn/", ""),
            (
                "Cơ sở dữ liệu quốc gia về văn bản pháp luật",
                "https://vbpl.vn/",
                "Tra cứu văn bản quy phạm pháp luật",
            ),
        ],
    ),
    (
        "Tiện ích giáo dục",
        3,
        [
            (
                "Cơ sở dữ liệu ngành Giáo dục",
                "https://csdl.moet.gov.vn/",
                "Dành cho cán bộ quản lý các trường",
            ),
            (
                "Hệ tri thức Việt số hóa – Học liệu",
                "https://igiaoduc.vn/",
                "Học liệu số cho giáo viên và học sinh",
            ),
            ("Trường học kết nối", "https://truonghocketnoi.edu.vn/", "Sinh hoạt chuyên môn trực tuyến"),
        ],
    ),
]

# --- news -------------------------------------------------------------------

CREDIT = "Minh hoạ: Ban biên tập Website"

# Body items: ("p", text) paragraph, ("h", text) heading (h3), ("img",) the item's picture with its
# caption, ("quote", text, attribution).
NEWS = [
    # ---- office news (under "Tin tức") ----
    {
        "slug": "hoi-nghi-tong-ket-nam-hoc",
        "parent": "office",
        "category": "office",
        "when": (5, 29),
        "event_hour": 8,
        "title": "Hội nghị tổng kết năm học {sy}",
        "lead": (
            "Sáng nay, Phòng GD&ĐT Kim Bảng tổ chức Hội nghị tổng kết năm học {sy}, đánh giá kết quả thực hiện "
            "nhiệm vụ và khen thưởng các tập thể, cá nhân có thành tích xuất sắc."
        ),
        "scene": "hall",
        "caption": "Quang cảnh Hội nghị tổng kết năm học",
        "tags": ["năm học", "hội nghị", "thi đua khen thưởng"],
        "body": [
            (
                "p",
                "Dự hội nghị có lãnh đạo UBND huyện, đại diện Sở GD&ĐT Hà Nam, lãnh đạo Phòng GD&ĐT cùng hiệu "
                "trưởng các trường mầm non, tiểu học, trung học cơ sở trong huyện.",
            ),
            (
                "p",
                "Báo cáo tổng kết cho biết năm học {sy}, toàn ngành duy trì tỷ lệ huy động trẻ 5 tuổi ra lớp đạt "
                "100%; chất lượng giáo dục đại trà và mũi nhọn tiếp tục chuyển biến; thêm hai trường được công "
                "nhận đạt chuẩn quốc gia. Công tác chuyển đổi số được đẩy mạnh, 100% trường sử dụng học bạ số "
                "và sổ điểm điện tử.",
            ),
            ("img",),
            ("h", "Nhiệm vụ trọng tâm năm học mới"),
            (
                "p",
                "Hội nghị thống nhất tiếp tục thực hiện Chương trình giáo dục phổ thông 2018, nâng cao chất lượng "
                "đội ngũ, tăng cường cơ sở vật chất và bảo đảm an toàn trường học. Các trường xây dựng kế hoạch "
                "giáo dục sát thực tế, chú trọng giáo dục kỹ năng sống cho học sinh.",
            ),
            (
                "quote",
                "Mỗi nhà trường phải là một địa chỉ tin cậy của phụ huynh: an toàn, thân thiện và chất lượng.",
                f"Ông {HEAD_NAME}, Trưởng phòng GD&ĐT",
            ),
            (
                "p",
                "Dịp này, Chủ tịch UBND huyện tặng Giấy khen cho 12 tập thể và 45 cá nhân có thành tích xuất sắc "
                "trong năm học.",
            ),
        ],
    },
    {
        "slug": "khai-giang-nam-hoc-moi",
        "parent": "office",
        "category": "office",
        "when": (9, 5),
        "event_hour": 7,
        "title": "Toàn ngành Giáo dục Kim Bảng tưng bừng khai giảng năm học {sy}",
        "lead": (
            "Sáng 5/9, hơn 20 nghìn học sinh các trường mầm non, tiểu học, trung học cơ sở trong huyện đã dự "
            "lễ khai giảng, chính thức bước vào năm học {sy}."
        ),
        "scene": "school",
        "caption": "Học sinh dự lễ khai giảng năm học mới",
        "tags": ["khai giảng", "năm học"],
        "body": [
            (
                "p",
                "Lễ khai giảng tại các trường được tổ chức ngắn gọn, trang trọng. Sau nghi lễ chào cờ, các đại "
                "biểu cùng học sinh nghe đọc thư của Chủ tịch nước gửi ngành Giáo dục nhân dịp khai giảng năm học mới.",
            ),
            (
                "p",
                "Lãnh đạo huyện và Phòng GD&ĐT chia thành các đoàn dự khai giảng, tặng quà học sinh có hoàn cảnh "
                "khó khăn tại các trường vùng bán sơn địa Ba Sao, Thanh Sơn, Thi Sơn.",
            ),
            ("img",),
            (
                "p",
                "Ngay sau lễ khai giảng, các trường ổn định nề nếp, thực hiện thời khóa biểu và kế hoạch giáo dục "
                "từ tuần học đầu tiên.",
            ),
        ],
    },
    {
        "slug": "hoi-nghi-trien-khai-nhiem-vu-nam-hoc",
        "parent": "office",
        "category": "office",
        "when": (8, 27),
        "event_hour": 8,
        "title": "Hội nghị triển khai nhiệm vụ năm học {sy}",
        "lead": (
            "Phòng GD&ĐT tổ chức hội nghị triển khai nhiệm vụ năm học {sy} đối với cán bộ quản lý các trường "
            "mầm non, tiểu học và trung học cơ sở."
        ),
        "scene": "hall",
        "caption": "Cán bộ quản lý các trường dự hội nghị",
        "tags": ["năm học", "hội nghị"],
        "body": [
            (
                "p",
                "Hội nghị quán triệt chỉ thị của Bộ trưởng Bộ GD&ĐT về nhiệm vụ, giải pháp năm học, hướng dẫn "
                "nhiệm vụ của Sở GD&ĐT Hà Nam và kế hoạch của UBND huyện.",
            ),
            (
                "p",
                "Các bộ phận chuyên môn hướng dẫn cụ thể nhiệm vụ từng cấp học; nhấn mạnh công tác phổ cập giáo "
                "dục, kiểm định chất lượng, chuyển đổi số và phòng chống bạo lực học đường.",
            ),
            (
                "p",
                "Đại diện các trường tham luận về kinh nghiệm xây dựng kế hoạch giáo dục nhà trường và tổ chức "
                "bán trú an toàn.",
            ),
        ],
    },
    {
        "slug": "gap-mat-ky-niem-ngay-nha-giao-viet-nam",
        "parent": "office",
        "category": "office",
        "when": (11, 19),
        "event_hour": 14,
        "title": "Gặp mặt kỷ niệm Ngày Nhà giáo Việt Nam 20/11",
        "lead": (
            "Chiều 19/11, Phòng GD&ĐT phối hợp với Công đoàn Giáo dục huyện tổ chức gặp mặt các thế hệ nhà "
            "giáo nhân kỷ niệm Ngày Nhà giáo Việt Nam."
        ),
        "scene": "hall",
        "caption": "Các thế hệ nhà giáo dự buổi gặp mặt",
        "tags": ["20/11", "nhà giáo", "công đoàn"],
        "body": [
            (
                "p",
                "Buổi gặp mặt có sự tham dự của các thầy cô giáo nghỉ hưu, cán bộ quản lý và giáo viên tiêu biểu "
                "của các trường. Những tiết mục văn nghệ do giáo viên và học sinh biểu diễn đã tạo không khí ấm "
                "áp, xúc động.",
            ),
            (
                "quote",
                "Nghề dạy học là nghề cao quý; sự tận tụy của các thầy cô là nền tảng cho mọi thành công của ngành.",
                f"Ông {HEAD_NAME}, Trưởng phòng GD&ĐT",
            ),
            (
                "p",
                "Dịp này, Phòng GD&ĐT biểu dương 30 nhà giáo có nhiều đóng góp trong phong trào “Dạy tốt – Học tốt”.",
            ),
        ],
    },
    {
        "slug": "hoi-thi-giao-vien-day-gioi-tieu-hoc",
        "parent": "office",
        "category": "professional",
        "when": (12, 11),
        "event_hour": 7,
        "title": "Khai mạc Hội thi giáo viên dạy giỏi cấp huyện bậc Tiểu học năm học {sy}",
        "lead": "48 giáo viên tiểu học tham dự vòng thi trình bày biện pháp nâng cao chất lượng giảng dạy.",
        "scene": "classroom",
        "caption": "Một tiết dạy thực hành tại hội thi",
        "tags": ["giáo viên dạy giỏi", "tiểu học", "chuyên môn"],
        "body": [
            (
                "p",
                "Hội thi được tổ chức theo Thông tư số 22/2019/TT-BGDĐT. Giáo viên dự thi trình bày biện pháp và "
                "thực hành dạy hai tiết tại các trường tiểu học trên địa bàn huyện.",
            ),
            (
                "p",
                "Ban giám khảo đánh giá nhiều biện pháp có tính thực tiễn cao như tổ chức dạy học theo nhóm, ứng "
                "dụng học liệu số trong môn Toán và Tiếng Việt, giáo dục kỹ năng đọc cho học sinh lớp 1.",
            ),
            ("img",),
            ("p", "Kết quả hội thi sẽ được công bố và khen thưởng trong tháng 01."),
        ],
    },
    {
        "slug": "chuyen-de-giao-duc-stem-cap-thcs",
        "parent": "office",
        "category": "professional",
        "when": (10, 16),
        "event_hour": 8,
        "title": "Sinh hoạt chuyên đề giáo dục STEM cấp THCS",
        "lead": "Giáo viên Khoa học tự nhiên và Công nghệ các trường THCS cùng dự giờ, thảo luận về bài học STEM.",
        "scene": "classroom",
        "caption": "Học sinh thực hành bài học STEM",
        "tags": ["STEM", "THCS", "chuyên môn"],
        "body": [
            (
                "p",
                "Chuyên đề được tổ chức tại Trường THCS thị trấn Quế với bài học “Thiết kế hệ thống tưới nhỏ giọt "
                "cho vườn rau”. Học sinh làm việc theo nhóm, vận dụng kiến thức vật lí, sinh học và công nghệ để "
                "thiết kế, chế tạo và thử nghiệm sản phẩm.",
            ),
            ("h", "Kinh nghiệm rút ra"),
            (
                "p",
                "Các giáo viên thống nhất: bài học STEM cần xuất phát từ tình huống thực tế, giao nhiệm vụ rõ ràng "
                "và dành đủ thời gian để học sinh thử nghiệm, cải tiến sản phẩm.",
            ),
        ],
    },
    {
        "slug": "tap-huan-chuyen-doi-so-trong-quan-ly-giao-duc",
        "parent": "office",
        "category": "professional",
        "when": (7, 15),
        "event_hour": 8,
        "title": "Tập huấn ứng dụng công nghệ thông tin và chuyển đổi số trong quản lý giáo dục",
        "lead": (
            "Cán bộ quản lý và nhân viên văn thư, kế toán các trường được hướng dẫn sử dụng học bạ số, hồ sơ "
            "điện tử và chữ ký số."
        ),
        "scene": "classroom",
        "caption": "Lớp tập huấn chuyển đổi số",
        "tags": ["chuyển đổi số", "tập huấn"],
        "body": [
            (
                "p",
                "Trong ba ngày, học viên được hướng dẫn cập nhật dữ liệu lên cơ sở dữ liệu ngành, triển khai học "
                "bạ số, ký số văn bản và bảo đảm an toàn thông tin khi làm việc trên môi trường mạng.",
            ),
            (
                "p",
                "Phòng GD&ĐT yêu cầu các trường cử cán bộ đầu mối cung cấp thông tin cho Website của Phòng theo "
                "Điều 11 Quy chế tổ chức và quản lý hoạt động của Website.",
            ),
        ],
    },
    {
        "slug": "ky-thi-chon-hoc-sinh-gioi-lop-9",
        "parent": "office",
        "category": "office",
        "when": (1, 10),
        "event_hour": 7,
        "title": "Hơn 400 học sinh dự kỳ thi chọn học sinh giỏi lớp 9 cấp huyện",
        "lead": "Kỳ thi diễn ra nghiêm túc, đúng quy chế tại điểm thi Trường THCS thị trấn Quế.",
        "scene": "classroom",
        "caption": "Thí sinh làm bài thi",
        "tags": ["học sinh giỏi", "THCS", "thi cử"],
        "body": [
            (
                "p",
                "Thí sinh dự thi sáu môn: Ngữ văn, Toán, Tiếng Anh, Khoa học tự nhiên, Lịch sử và Địa lí, Tin học. "
                "Đề thi bám sát chương trình, có tính phân loại tốt.",
            ),
            (
                "p",
                "Kết quả kỳ thi là căn cứ để Phòng GD&ĐT thành lập đội tuyển dự thi cấp tỉnh trong tháng 3.",
            ),
        ],
    },
    {
        "slug": "on-tap-tuyen-sinh-vao-lop-10",
        "parent": "office",
        "category": "office",
        "when": (4, 22),
        "event_hour": None,
        "title": "Tăng cường ôn tập cho học sinh lớp 9 chuẩn bị kỳ thi tuyển sinh vào lớp 10",
        "lead": (
            "Phòng GD&ĐT chỉ đạo các trường THCS xây dựng kế hoạch ôn tập phù hợp với từng đối tượng học sinh, "
            "không gây quá tải."
        ),
        "scene": "classroom",
        "caption": "Giờ ôn tập của học sinh lớp 9",
        "tags": ["tuyển sinh", "lớp 10", "THCS"],
        "body": [
            (
                "p",
                "Các trường tổ chức khảo sát chất lượng, phân loại học sinh để ôn tập theo nhóm; phối hợp với cha "
                "mẹ học sinh theo dõi việc tự học ở nhà.",
            ),
            (
                "p",
                "Bộ phận Giáo dục THCS sẽ kiểm tra việc thực hiện kế hoạch ôn tập tại một số trường trong tháng 5.",
            ),
        ],
    },
    {
        "slug": "kiem-tra-chuan-bi-nam-hoc-moi",
        "parent": "office",
        "category": "office",
        "when": (8, 12),
        "event_hour": 8,
        "title": "Kiểm tra công tác chuẩn bị cơ sở vật chất cho năm học mới",
        "lead": "Đoàn công tác của Phòng GD&ĐT kiểm tra phòng học, bếp ăn bán trú và thiết bị dạy học tại 12 trường.",
        "scene": "school",
        "caption": "Đoàn kiểm tra làm việc tại một trường mầm non",
        "tags": ["cơ sở vật chất", "năm học"],
        "body": [
            (
                "p",
                "Đoàn ghi nhận các trường đã chủ động sửa chữa, vệ sinh phòng học, kiểm tra hệ thống điện, nước và "
                "phòng cháy chữa cháy trước khi đón học sinh.",
            ),
            (
                "p",
                "Đoàn đề nghị các trường mầm non rà soát hợp đồng cung cấp thực phẩm, lưu mẫu thức ăn đúng quy định "
                "và bổ sung đồ chơi ngoài trời.",
            ),
            ("img",),
        ],
    },
    {
        "slug": "hoi-khoe-phu-dong-cap-huyen",
        "parent": "office",
        "category": "office",
        "when": (3, 20),
        "event_hour": 7,
        "title": "Khai mạc Hội khỏe Phù Đổng huyện Kim Bảng năm {y}",
        "lead": "Gần 600 vận động viên là học sinh tiểu học và THCS tranh tài ở 7 môn thể thao.",
        "scene": "sports",
        "caption": "Thi đấu môn bóng chuyền tại Hội khỏe Phù Đổng",
        "tags": ["Hội khỏe Phù Đổng", "thể thao"],
        "body": [
            (
                "p",
                "Các môn thi đấu gồm điền kinh, bơi, cầu lông, bóng bàn, cờ vua, bóng đá và bóng chuyền. Hội khỏe "
                "là dịp tuyển chọn vận động viên dự Hội khỏe Phù Đổng cấp tỉnh.",
            ),
            ("img",),
            (
                "p",
                "Ban tổ chức đề nghị các đội thi đấu trung thực, cao thượng, bảo đảm an toàn trong suốt thời gian "
                "diễn ra hội khỏe.",
            ),
        ],
    },
    {
        "slug": "cam-ket-an-toan-giao-thong-trong-truong-hoc",
        "parent": "office",
        "category": "office",
        "when": (9, 22),
        "event_hour": None,
        "title": "Các trường ký cam kết thực hiện an toàn giao thông năm học {sy}",
        "lead": "100% học sinh và cha mẹ học sinh ký cam kết chấp hành quy định về an toàn giao thông.",
        "scene": "school",
        "caption": "Tuyên truyền an toàn giao thông dưới cờ",
        "tags": ["an toàn giao thông", "kỹ năng sống"],
        "body": [
            (
                "p",
                "Hưởng ứng Tháng an toàn giao thông, các trường lồng ghép tuyên truyền trong giờ chào cờ, sinh hoạt "
                "lớp; đặc biệt nhắc học sinh không đi xe máy khi chưa đủ tuổi, đội mũ bảo hiểm khi ngồi trên xe "
                "máy, xe đạp điện.",
            ),
            (
                "p",
                "Công an huyện phối hợp tuyên truyền trực tiếp tại các trường THCS có đông học sinh đi xe đạp.",
            ),
        ],
    },
    {
        "slug": "giai-bong-chuyen-hoi-cong-doan-nganh",
        "parent": "office",
        "category": "organisation",
        "when": (3, 6),
        "event_hour": 7,
        "title": "Công đoàn ngành Giáo dục tổ chức Giải bóng chuyền hơi chào mừng Ngày Quốc tế Phụ nữ 8/3",
        "lead": "Giải thu hút 24 đội bóng nữ đến từ các trường trong huyện.",
        "scene": "sports",
        "caption": "Trận chung kết Giải bóng chuyền hơi",
        "tags": ["công đoàn", "thể thao", "8/3"],
        "body": [
            (
                "p",
                "Các trận đấu diễn ra sôi nổi, đoàn kết. Giải nhất thuộc về đội Trường Tiểu học Nhật Tân; giải nhì "
                "thuộc về đội Trường THCS Ba Sao.",
            ),
            (
                "quote",
                "Phong trào thể thao giúp đoàn viên gắn bó, có thêm sức khỏe để hoàn thành tốt nhiệm vụ.",
                "Bà Trần Thị Lan, Chủ tịch Công đoàn Giáo dục huyện",
            ),
            ("img",),
        ],
    },
    {
        "slug": "chi-bo-ky-niem-ngay-thanh-lap-dang",
        "parent": "office",
        "category": "organisation",
        "when": (2, 3),
        "event_hour": None,
        "title": "Chi bộ Phòng GD&ĐT sinh hoạt chuyên đề kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam",
        "lead": "Buổi sinh hoạt ôn lại truyền thống vẻ vang của Đảng và bàn giải pháp nâng cao chất lượng sinh hoạt chi bộ.",
        "scene": "hall",
        "caption": "Đảng viên Chi bộ Phòng GD&ĐT dự sinh hoạt chuyên đề",
        "tags": ["chi bộ", "sinh hoạt chuyên đề"],
        "body": [
            (
                "p",
                "Các đảng viên thảo luận về việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn "
                "với nhiệm vụ chuyên môn của từng người.",
            ),
            (
                "p",
                "Chi bộ thống nhất tiếp tục đẩy mạnh cải cách hành chính, giải quyết công việc đúng hạn và tăng "
                "cường ứng dụng công nghệ thông tin trong điều hành.",
            ),
        ],
    },
    {
        "slug": "doan-thanh-nien-ra-quan-tinh-nguyen-he",
        "parent": "office",
        "category": "organisation",
        "when": (6, 8),
        "event_hour": 7,
        "title": "Đoàn Thanh niên ngành Giáo dục ra quân Chiến dịch Thanh niên tình nguyện hè",
        "lead": "Giáo viên trẻ tham gia sửa sang sân chơi, tổ chức lớp kỹ năng bơi an toàn cho thiếu nhi.",
        "scene": "school",
        "caption": "Đoàn viên giáo viên trẻ tại lễ ra quân",
        "tags": ["đoàn thanh niên", "tình nguyện", "hè"],
        "body": [
            (
                "p",
                "Trong dịp hè, các chi đoàn giáo viên phối hợp với Đoàn xã, thị trấn tổ chức sinh hoạt hè tại cộng "
                "đồng, phòng chống đuối nước và thu gom sách cũ tặng thư viện trường học.",
            ),
            ("p", "Chiến dịch kéo dài đến hết tháng 7 với nhiều công trình thanh niên có ý nghĩa."),
        ],
    },
    {
        "slug": "hoi-thao-nang-cao-chat-luong-giao-duc-mui-nhon",
        "parent": "office",
        "category": "professional",
        "when": (11, 6),
        "event_hour": 8,
        "title": "Hội thảo nâng cao chất lượng giáo dục mũi nhọn cấp THCS",
        "lead": "Cán bộ quản lý và giáo viên cốt cán trao đổi kinh nghiệm phát hiện, bồi dưỡng học sinh giỏi.",
        "scene": "hall",
        "caption": "Đại biểu trao đổi tại hội thảo",
        "tags": ["học sinh giỏi", "THCS", "chuyên môn"],
        "body": [
            (
                "p",
                "Hội thảo nghe 8 tham luận về xây dựng đội tuyển, biên soạn chuyên đề bồi dưỡng và phối hợp giữa "
                "các trường trong sinh hoạt chuyên môn liên trường.",
            ),
            (
                "p",
                "Phòng GD&ĐT đề nghị các trường phát hiện học sinh có năng khiếu từ lớp 6, bố trí giáo viên có "
                "kinh nghiệm và tăng cường sử dụng học liệu số trong bồi dưỡng.",
            ),
        ],
    },
    # ---- school news (under each school's page) ----
    {
        "slug": "ngay-hoi-doc-sach",
        "parent": "truong-thcs-ba-sao",
        "category": "school",
        "when": (4, 21),
        "event_hour": 8,
        "title": "Trường THCS Ba Sao tổ chức Ngày hội đọc sách",
        "lead": "Hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam 21/4, học sinh nhà trường tham gia nhiều hoạt động bổ ích.",
        "scene": "school",
        "caption": "Học sinh Trường THCS Ba Sao tại Ngày hội đọc sách",
        "tags": ["văn hóa đọc", "thư viện"],
        "body": [
            (
                "p",
                "Ngày hội gồm các hoạt động: giới thiệu sách hay, thi kể chuyện theo sách, trang trí góc đọc của "
                "lớp và quyên góp sách tặng thư viện nhà trường.",
            ),
            ("img",),
            (
                "p",
                "Qua ngày hội, thư viện nhà trường nhận thêm gần 500 cuốn sách do học sinh và cha mẹ học sinh ủng "
                "hộ; nhiều lớp đăng ký duy trì giờ đọc sách vào đầu buổi học thứ Hai hằng tuần.",
            ),
        ],
    },
    {
        "slug": "ra-mat-cau-lac-bo-tieng-anh",
        "parent": "truong-thcs-ba-sao",
        "category": "school",
        "when": (10, 8),
        "event_hour": 15,
        "title": "Trường THCS Ba Sao ra mắt Câu lạc bộ Tiếng Anh",
        "lead": "Câu lạc bộ sinh hoạt vào chiều thứ Năm hằng tuần, giúp học sinh tự tin giao tiếp bằng tiếng Anh.",
        "scene": "classroom",
        "caption": "Buổi sinh hoạt đầu tiên của Câu lạc bộ Tiếng Anh",
        "tags": ["tiếng Anh", "câu lạc bộ"],
        "body": [
            (
                "p",
                "Ở buổi ra mắt, học sinh tham gia trò chơi ô chữ, hát tiếng Anh và đóng vai hướng dẫn viên giới "
                "thiệu danh thắng Ngũ Động Thi Sơn.",
            ),
            ("p", "Câu lạc bộ có 45 thành viên từ khối 6 đến khối 9, do các thầy cô tổ Ngoại ngữ phụ trách."),
        ],
    },
    {
        "slug": "hoi-nghi-vien-chuc-nguoi-lao-dong",
        "parent": "truong-thcs-ba-sao",
        "category": "school",
        "when": (9, 27),
        "event_hour": 14,
        "title": "Trường THCS Ba Sao tổ chức Hội nghị viên chức, người lao động năm học {sy}",
        "lead": "Hội nghị thông qua kế hoạch năm học và quy chế chi tiêu nội bộ, quy chế dân chủ của nhà trường.",
        "scene": "hall",
        "caption": "Hội nghị viên chức, người lao động Trường THCS Ba Sao",
        "tags": ["hội nghị", "công đoàn"],
        "body": [
            (
                "p",
                "Các đại biểu thảo luận dân chủ, thẳng thắn về chỉ tiêu thi đua, công tác chủ nhiệm lớp và việc "
                "bảo đảm an toàn cho học sinh đi học bằng xe đạp trên tuyến đường liên xã.",
            ),
            ("p", "Hội nghị phát động phong trào thi đua chào mừng ngày Nhà giáo Việt Nam 20/11."),
        ],
    },
    {
        "slug": "vui-tet-trung-thu",
        "parent": "truong-mam-non-ba-sao",
        "category": "school",
        "when": (9, 24),
        "event_hour": 15,
        "title": "Trường Mầm non Ba Sao tổ chức “Vui Tết Trung thu” cho bé",
        "lead": "Các bé được làm đèn ông sao, phá cỗ và xem múa lân trong không khí đầm ấm.",
        "scene": "school",
        "caption": "Các bé Trường Mầm non Ba Sao vui Tết Trung thu",
        "tags": ["Trung thu", "mầm non"],
        "body": [
            (
                "p",
                "Từ tuần trước, cô và trẻ các lớp đã cùng làm đèn lồng, mâm ngũ quả từ nguyên liệu tái chế. Buổi "
                "tối, các bé rước đèn quanh sân trường cùng cha mẹ.",
            ),
            ("img",),
            (
                "p",
                "Nhà trường trao quà Trung thu cho 20 cháu có hoàn cảnh khó khăn do các nhà hảo tâm ủng hộ.",
            ),
        ],
    },
    {
        "slug": "le-ra-truong-cho-tre-5-tuoi",
        "parent": "truong-mam-non-ba-sao",
        "category": "school",
        "when": (5, 27),
        "event_hour": 8,
        "title": "Lễ ra trường cho trẻ 5 tuổi tại Trường Mầm non Ba Sao",
        "lead": "Hơn 100 trẻ 5 tuổi chia tay cô giáo, chuẩn bị bước vào lớp 1.",
        "scene": "school",
        "caption": "Trẻ 5 tuổi trong lễ ra trường",
        "tags": ["mầm non", "chuẩn bị vào lớp 1"],
        "body": [
            ("p", "Các bé biểu diễn văn nghệ, nhận giấy khen và lưu bút do cô giáo chủ nhiệm chuẩn bị."),
            ("p", "Phụ huynh được tư vấn cách chuẩn bị tâm thế cho trẻ vào lớp 1 trong dịp hè."),
        ],
    },
    {
        "slug": "don-bang-cong-nhan-truong-dat-chuan-quoc-gia",
        "parent": "truong-tieu-hoc-nhat-tan",
        "category": "school",
        "when": (12, 18),
        "event_hour": 8,
        "title": "Trường Tiểu học Nhật Tân đón Bằng công nhận trường đạt chuẩn quốc gia mức độ 2",
        "lead": "Kết quả ghi nhận nỗ lực của tập thể nhà trường và sự quan tâm đầu tư của địa phương.",
        "scene": "school",
        "caption": "Lễ đón Bằng công nhận trường đạt chuẩn quốc gia",
        "tags": ["chuẩn quốc gia", "tiểu học"],
        "body": [
            (
                "p",
                "Những năm qua, nhà trường được đầu tư xây mới 8 phòng học, nhà đa năng và thư viện xanh. Chất lượng "
                "giáo dục được duy trì, nhiều học sinh đạt giải trong các cuộc giao lưu cấp huyện.",
            ),
            (
                "quote",
                "Đạt chuẩn là điểm khởi đầu; nhà trường tiếp tục giữ vững và nâng cao các tiêu chuẩn đã đạt.",
                "Hiệu trưởng Trường Tiểu học Nhật Tân",
            ),
            ("img",),
        ],
    },
    {
        "slug": "hoi-thi-rung-chuong-vang",
        "parent": "truong-thcs-nguyen-uy",
        "category": "school",
        "when": (3, 24),
        "event_hour": 14,
        "title": "Trường THCS Nguyễn Úy tổ chức Hội thi “Rung chuông vàng”",
        "lead": "Chào mừng ngày thành lập Đoàn TNCS Hồ Chí Minh 26/3, 100 học sinh tranh tài kiến thức tổng hợp.",
        "scene": "school",
        "caption": "Học sinh tham gia Hội thi Rung chuông vàng",
        "tags": ["đội thiếu niên", "26/3", "ngoại khóa"],
        "body": [
            (
                "p",
                "Câu hỏi thuộc các lĩnh vực lịch sử, địa lí địa phương, khoa học và an toàn giao thông. Em Nguyễn "
                "Minh Khang, lớp 9A, là người trụ lại cuối cùng.",
            ),
            ("p", "Hội thi góp phần giáo dục truyền thống và tạo sân chơi bổ ích cho học sinh."),
        ],
    },
    {
        "slug": "ky-niem-ngay-thanh-lap-doi",
        "parent": "truong-tieu-hoc-thuy-loi",
        "category": "school",
        "when": (5, 14),
        "event_hour": 7,
        "title": "Trường Tiểu học Thụy Lôi kỷ niệm ngày thành lập Đội TNTP Hồ Chí Minh",
        "lead": "Liên đội tổ chức kết nạp đội viên mới và Ngày hội “Thiếu nhi vui khỏe – Tiến bước lên Đoàn”.",
        "scene": "school",
        "caption": "Lễ kết nạp đội viên mới",
        "tags": ["đội thiếu niên", "15/5"],
        "body": [
            ("p", "62 học sinh lớp 3 được kết nạp vào Đội trong niềm vui của thầy cô và cha mẹ."),
            ("img",),
            (
                "p",
                "Sau lễ kết nạp, các chi đội tham gia trò chơi dân gian, thi nghi thức Đội và vẽ tranh về Bác Hồ.",
            ),
        ],
    },
    {
        "slug": "hoi-thi-be-khoe-be-ngoan",
        "parent": "truong-mam-non-thanh-son",
        "category": "school",
        "when": (1, 15),
        "event_hour": 8,
        "title": "Trường Mầm non Thanh Sơn tổ chức Hội thi “Bé khỏe – Bé ngoan”",
        "lead": "Trẻ mẫu giáo 4–5 tuổi thể hiện sự nhanh nhẹn, tự tin qua các phần thi vận động và văn nghệ.",
        "scene": "sports",
        "caption": "Bé thi vận động tại hội thi",
        "tags": ["mầm non", "giáo dục thể chất"],
        "body": [
            ("p", "Hội thi gồm ba phần: chào hỏi, vận động theo nhạc và bật nhảy qua chướng ngại vật."),
            ("p", "Hoạt động giúp phụ huynh thấy rõ sự tiến bộ của trẻ sau một học kỳ ở trường."),
        ],
    },
    {
        "slug": "trong-cay-xanh-dau-xuan",
        "parent": "truong-thcs-kha-phong",
        "category": "school",
        "when": (2, 25),
        "event_hour": 7,
        "title": "Trường THCS Khả Phong hưởng ứng Tết trồng cây đầu xuân",
        "lead": "Thầy và trò nhà trường trồng 150 cây xanh quanh khuôn viên và trên tuyến đường vào trường.",
        "scene": "school",
        "caption": "Học sinh Trường THCS Khả Phong trồng cây",
        "tags": ["môi trường", "Tết trồng cây"],
        "body": [
            (
                "p",
                "Mỗi chi đội nhận chăm sóc một khu vực cây xanh, gắn biển tên lớp và lịch tưới cây hằng tuần.",
            ),
            ("img",),
        ],
    },
    {
        "slug": "tuan-le-hoc-tap-suot-doi",
        "parent": "truong-tieu-hoc-le-ho",
        "category": "school",
        "when": (10, 2),
        "event_hour": None,
        "title": "Trường Tiểu học Lê Hồ hưởng ứng Tuần lễ học tập suốt đời",
        "lead": "Nhà trường mở cửa thư viện cho cha mẹ học sinh mượn sách và tổ chức chuyên đề đọc cùng con.",
        "scene": "classroom",
        "caption": "Giờ đọc sách tại thư viện nhà trường",
        "tags": ["học tập suốt đời", "văn hóa đọc"],
        "body": [
            (
                "p",
                "Trong tuần lễ, mỗi lớp có một giờ đọc sách tại thư viện; học sinh viết cảm nhận về cuốn sách yêu thích.",
            ),
            ("p", "Nhà trường phối hợp với Hội Khuyến học xã trao tặng tủ sách lớp học cho các lớp 1."),
        ],
    },
    {
        "slug": "thanh-tich-hoc-sinh-gioi-cap-huyen",
        "parent": "truong-thcs-thi-tran-que",
        "category": "school",
        "when": (1, 20),
        "event_hour": None,
        "title": "Trường THCS thị trấn Quế dẫn đầu kỳ thi học sinh giỏi lớp 9 cấp huyện",
        "lead": "Nhà trường có 36 học sinh đạt giải, trong đó 5 giải nhất.",
        "scene": "classroom",
        "caption": "Đội tuyển học sinh giỏi của nhà trường",
        "tags": ["học sinh giỏi", "THCS"],
        "body": [
            (
                "p",
                "Kết quả có được nhờ nhà trường sớm phát hiện, bồi dưỡng học sinh có năng khiếu và phối hợp chặt "
                "chẽ với cha mẹ học sinh.",
            ),
            ("p", "Nhà trường sẽ có 18 học sinh trong đội tuyển của huyện dự thi cấp tỉnh."),
        ],
    },
    {
        "slug": "chuyen-de-lay-tre-lam-trung-tam",
        "parent": "truong-mam-non-dai-cuong",
        "category": "school",
        "when": (11, 12),
        "event_hour": 8,
        "title": "Trường Mầm non Đại Cương tổ chức chuyên đề “Xây dựng trường mầm non lấy trẻ làm trung tâm”",
        "lead": "Giáo viên mầm non các trường trong cụm dự hoạt động và trao đổi cách tổ chức môi trường học tập.",
        "scene": "classroom",
        "caption": "Hoạt động trải nghiệm của trẻ tại chuyên đề",
        "tags": ["mầm non", "chuyên đề", "chuyên môn"],
        "body": [
            (
                "p",
                "Các lớp bố trí góc chơi mở, sử dụng nguyên vật liệu tự nhiên, tạo điều kiện để trẻ được tự lựa "
                "chọn, trải nghiệm và chia sẻ.",
            ),
            ("img",),
            ("p", "Bộ phận Giáo dục Mầm non của Phòng đánh giá cao sự chuẩn bị công phu của nhà trường."),
        ],
    },
    {
        "slug": "em-lam-banh-chung-ngay-tet",
        "parent": "truong-tieu-hoc-tuong-linh",
        "category": "school",
        "when": (2, 10),
        "event_hour": 8,
        "title": "Trường Tiểu học Tượng Lĩnh tổ chức trải nghiệm “Em gói bánh chưng ngày Tết”",
        "lead": "Học sinh được ông bà, cha mẹ hướng dẫn gói bánh chưng, tìm hiểu phong tục Tết cổ truyền.",
        "scene": "school",
        "caption": "Học sinh gói bánh chưng cùng phụ huynh",
        "tags": ["Tết", "trải nghiệm"],
        "body": [
            (
                "p",
                "Mỗi lớp gói từ 10 đến 15 chiếc bánh. Bánh sau khi luộc được tặng học sinh có hoàn cảnh khó khăn.",
            ),
            ("p", "Hoạt động giúp học sinh hiểu và trân trọng nét đẹp văn hóa truyền thống của dân tộc."),
        ],
    },
    {
        "slug": "ngoai-khoa-phong-chong-duoi-nuoc",
        "parent": "truong-thcs-van-xa",
        "category": "school",
        "when": (5, 22),
        "event_hour": 14,
        "title": "Trường THCS Văn Xá tổ chức ngoại khóa phòng, chống đuối nước",
        "lead": "Trước kỳ nghỉ hè, học sinh được trang bị kỹ năng nhận biết nguy hiểm và sơ cứu người bị đuối nước.",
        "scene": "school",
        "caption": "Hướng dẫn kỹ năng phòng, chống đuối nước",
        "tags": ["kỹ năng sống", "phòng chống đuối nước", "hè"],
        "body": [
            (
                "p",
                "Cán bộ Trạm Y tế xã hướng dẫn cách sơ cứu, hô hấp nhân tạo; học sinh thực hành theo nhóm dưới sự "
                "hướng dẫn của giáo viên thể dục.",
            ),
            (
                "p",
                "Nhà trường đề nghị cha mẹ học sinh quản lý chặt chẽ con em trong dịp hè, không để trẻ tắm ao, sông.",
            ),
        ],
    },
    {
        "slug": "giao-luu-tieng-viet-cua-chung-em",
        "parent": "truong-tieu-hoc-hoang-tay",
        "category": "school",
        "when": (4, 2),
        "event_hour": 8,
        "title": "Giao lưu “Tiếng Việt của chúng em” tại Trường Tiểu học Hoàng Tây",
        "lead": "Học sinh lớp 1, lớp 2 thể hiện kỹ năng đọc, kể chuyện và viết chữ đẹp.",
        "scene": "classroom",
        "caption": "Học sinh thi viết chữ đẹp",
        "tags": ["tiểu học", "tiếng Việt"],
        "body": [
            ("p", "Cuộc giao lưu gồm các phần: Em đọc hay, Em kể chuyện, Em viết đẹp và trò chơi ô chữ."),
            ("p", "Hoạt động góp phần nâng cao chất lượng dạy học môn Tiếng Việt ở các lớp đầu cấp."),
        ],
    },
]


# Questions readers sent, one of them answered and published (Điều 14).
FEEDBACK = [
    {
        "name": "Trần Thị Lan",
        "email": "phuhuynh.lan@example.com",
        "topic": "dao-tao",
        "title": "Thời gian đăng ký tuyển sinh vào lớp 6",
        "content": "Xin hỏi năm nay thời gian đăng ký tuyển sinh vào lớp 6 các trường THCS trong huyện bắt đầu từ ngày nào?",
        "answer": (
            "Chào chị Lan, theo kế hoạch tuyển sinh của Phòng, cha mẹ học sinh đăng ký trực tuyến từ ngày 01/7 "
            "đến hết ngày 10/7; "
            "danh sách trúng tuyển được niêm yết tại các trường trước ngày 20/7."
        ),
        "public_question": "Thời gian đăng ký tuyển sinh vào lớp 6 các trường THCS trong huyện bắt đầu từ ngày nào?",
        "public_answer": (
            "Theo kế hoạch tuyển sinh của Phòng, cha mẹ học sinh đăng ký trực tuyến từ ngày 01/7 đến hết ngày 10/7; "
            "danh sách trúng tuyển được niêm yết tại các trường trước ngày 20/7."
        ),
        "published": True,
    },
    {
        "name": "Phạm Văn Hải",
        "phone": "0912 345 678",
        "topic": "boi-duong",
        "title": "Lịch bồi dưỡng thường xuyên cho giáo viên tiểu học",
        "content": "Tôi là giáo viên tiểu học, muốn biết lịch bồi dưỡng thường xuyên trong hè năm nay.",
    },
]


# Lịch công tác tuần (Điều 2): the leadership's week, put on the week the seed runs.
# (weekday 0 = Thứ Hai, start, end, nội dung, chủ trì, thành phần, địa điểm, ghi chú)
WORK_SCHEDULE = [
    (
        0,
        "07:30",
        "09:00",
        "Giao ban lãnh đạo Phòng, triển khai công tác tuần",
        "Ông Trương Văn Lộc, Trưởng phòng",
        "Lãnh đạo Phòng; tổ trưởng các bộ phận chuyên môn",
        "Phòng họp Phòng GD&ĐT",
        "",
    ),
    (
        0,
        "14:00",
        "16:30",
        "Họp Hội đồng Thi đua – Khen thưởng ngành, xét thi đua học kỳ I",
        "Ông Trương Văn Lộc, Trưởng phòng",
        "Thành viên Hội đồng Thi đua – Khen thưởng ngành",
        "Phòng họp Phòng GD&ĐT",
        "",
    ),
    (
        1,
        "07:30",
        "11:00",
        "Kiểm tra công tác bán trú, vệ sinh an toàn thực phẩm",
        "Bà Nguyễn Thị Thu Hà, Phó Trưởng phòng",
        "Bộ phận Giáo dục Mầm non; đại diện Trạm Y tế thị trấn Ba Sao",
        "Trường Mầm non Ba Sao",
        "Xe cơ quan xuất phát lúc 07:00",
    ),
    (
        1,
        "14:00",
        "16:30",
        "Dự giờ, thăm lớp môn Tiếng Việt lớp 1",
        "Ông Đỗ Văn Thắng, Phó Trưởng phòng",
        "Bộ phận Giáo dục Tiểu học; tổ trưởng chuyên môn khối 1",
        "Trường Tiểu học Thanh Sơn",
        "",
    ),
    (
        2,
        "08:00",
        "11:30",
        "Hội nghị triển khai nhiệm vụ chuyển đổi số trong giáo dục năm học",
        "Ông Trương Văn Lộc, Trưởng phòng",
        "Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở",
        "Hội trường Phòng GD&ĐT",
        "Các trường mang theo máy tính xách tay",
    ),
    (
        3,
        "07:30",
        "11:00",
        "Kiểm tra chuyên đề dạy học Tiếng Anh",
        "Ông Trương Văn Lộc, Trưởng phòng",
        "Bộ phận Giáo dục Trung học cơ sở; giáo viên cốt cán môn Tiếng Anh",
        "Trường THCS Ba Sao",
        "",
    ),
    (
        3,
        "14:00",
        "17:00",
        "Rà soát hồ sơ công nhận trường đạt chuẩn quốc gia, kiểm định chất lượng giáo dục",
        "Bà Nguyễn Thị Thu Hà, Phó Trưởng phòng",
        "Tổ công tác kiểm định của Phòng",
        "Phòng họp Phòng GD&ĐT",
        "",
    ),
    (
        4,
        "08:00",
        "11:00",
        "Tiếp công dân định kỳ",
        "Ông Trương Văn Lộc, Trưởng phòng",
        "Lãnh đạo Phòng; chuyên viên phụ trách tiếp công dân",
        "Phòng tiếp công dân",
        "",
    ),
    (
        4,
        "15:00",
        "16:30",
        "Họp cơ quan, thông qua lịch công tác tuần sau",
        "Ông Trương Văn Lộc, Trưởng phòng",
        "Toàn thể công chức, người lao động của Phòng",
        "Phòng họp Phòng GD&ĐT",
        "",
    ),
]
