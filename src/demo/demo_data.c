/* demo_data.c — the demo desk's groups and agents, and the generator that turns the per-language
 * templates of demo_texts.c into DEMO_TICKETS_TARGET tickets. See demo_data.h for the contract.
 * Deterministic: a fixed-seed LCG, no rand(), no clock. No I/O, no allocation. */
#include "demo/demo_data.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- People ------------------------------------------------------------------------------- */

const struct demo_group demo_groups[] = {
    {"Account L1", "L1", "", "account,kyc", false},
    {"Deposit & Withdrawal L1", "L1", "", "deposit,withdrawal,p2p", false},
    {"Futures L1", "L1", "", "futures,trading", false},
    {"L2 Engineering", "L2", "", "api,trading,wallet", false},
    {"VIP", "vip", "", "vip", true},
    {"Recovery", "expert", "", "deposit-recovery", false},
    {"Security", "expert", "", "security,risk", false},
    {"Legal", "expert", "en,es,ru", "legal,compliance", false},
};
const size_t demo_groups_count = COUNT(demo_groups);

#define G_ACC   "Account L1"
#define G_DW    "Deposit & Withdrawal L1"
#define G_FUT   "Futures L1"
#define G_L2    "L2 Engineering"
#define G_VIP   "VIP"
#define G_REC   "Recovery"
#define G_SEC   "Security"
#define G_LEGAL "Legal"

/* L1 agents sit in the three L1 queues of their language; L2 and experts in the specialist groups
 * and, for the senior ones, VIP. Every group has someone for each language it gets tickets in,
 * except Recovery in Russian (those stay with L1; see pick_group). */
const struct demo_agent demo_agents[] = {
    {"admin@demo.exdesk", "Demo Admin", "admin", "expert", "en", G_L2, "day"},
    {"supervisor@demo.exdesk", "Grace Wong", "supervisor", "expert", "en,zh-CN",
     G_VIP "," G_ACC "," G_DW, "day"},
    {"qa@demo.exdesk", "Olivia Grant", "qa", "L2", "en", G_ACC "," G_FUT, "day"},
    {"mei.lin@demo.exdesk", "林美", "agent", "L1", "zh-CN,en", G_DW "," G_ACC "," G_FUT, "day"},
    {"wei.zhang@demo.exdesk", "张伟", "agent", "L2", "zh-CN,zh-TW,en", G_L2 "," G_FUT, "night"},
    {"hao.chen@demo.exdesk", "陈浩", "agent", "expert", "zh-CN,zh-TW,en", G_REC "," G_SEC, "day"},
    {"yating.huang@demo.exdesk", "黃雅婷", "agent", "L2", "zh-TW,zh-CN,en",
     G_ACC "," G_DW "," G_VIP, "night"},
    {"ken.sato@demo.exdesk", "佐藤 健", "agent", "L1", "ja,en", G_DW "," G_FUT "," G_ACC, "day"},
    {"yui.tanaka@demo.exdesk", "田中 結衣", "agent", "expert", "ja,en", G_SEC "," G_REC "," G_VIP,
     "day", 8},
    /* Japanese VIP customers are answered around the clock: Yui by day, Haruto by night. */
    {"haruto.ito@demo.exdesk", "伊藤 陽翔", "agent", "L2", "ja,en", G_VIP "," G_DW, "night", 8},
    {"jiwoo.kim@demo.exdesk", "김지우", "agent", "L1", "ko,en", G_ACC "," G_DW "," G_FUT, "night"},
    {"minjun.park@demo.exdesk", "박민준", "agent", "L2", "ko,ja,en", G_L2 "," G_VIP, "day"},
    {"seoyeon.lee@demo.exdesk", "이서연", "agent", "expert", "ko,en", G_SEC "," G_REC, "night"},
    {"ivan.petrov@demo.exdesk", "Иван Петров", "agent", "L1", "ru,en", G_DW "," G_FUT "," G_ACC,
     "night"},
    {"olga.smirnova@demo.exdesk", "Ольга Смирнова", "agent", "expert", "ru,en",
     G_SEC "," G_LEGAL "," G_VIP, "day"},
    {"lucia.fernandez@demo.exdesk", "Lucía Fernández", "agent", "L1", "es,en",
     G_ACC "," G_DW "," G_FUT, "night"},
    {"diego.ramirez@demo.exdesk", "Diego Ramírez", "agent", "expert", "es,en",
     G_REC "," G_SEC "," G_VIP, "day"},
    {"lan.nguyen@demo.exdesk", "Nguyễn Thị Lan", "agent", "L1", "vi,en", G_DW "," G_ACC "," G_FUT,
     "day"},
    {"minh.tran@demo.exdesk", "Trần Văn Minh", "agent", "expert", "vi,en",
     G_SEC "," G_REC "," G_VIP, "night"},
    {"ayse.yilmaz@demo.exdesk", "Ayşe Yılmaz", "agent", "L1", "tr,en", G_ACC "," G_DW "," G_FUT,
     "day"},
    {"emre.demir@demo.exdesk", "Emre Demir", "agent", "expert", "tr,en", G_SEC "," G_REC "," G_VIP,
     "night"},
    {"james.carter@demo.exdesk", "James Carter", "agent", "L1", "en", G_ACC "," G_DW "," G_FUT,
     "day"},
    {"sophie.martin@demo.exdesk", "Sophie Martin", "agent", "expert", "en,es", G_LEGAL "," G_SEC,
     "day"},
};
const size_t demo_agents_count = COUNT(demo_agents);

/* Names native to each language; addresses on example.com/.org/.net only; UIDs "U" + 8 digits.
 * A few are VIPs (vip_tier > 0); their tickets go to the VIP group. */
const struct demo_customer demo_customers[] = {
    {"en", "Emily Johnson", "user80670@example.com", "U55309902", "Emily", NULL, 0},
    {"en", "Michael Brown", "user48917@example.com", "U59500241", "Michael", NULL, 0},
    {"en", "Sarah O'Connor", "user92882@example.com", "U50837785", "Sarah", NULL, 0},
    {"en", "Jessica Taylor", "user17287@example.com", "U16702456", "Jessica", NULL, 2},
    {"en", "Ryan Mitchell", "user99156@example.com", "U50190974", "Ryan", NULL, 0},
    {"en", "Olivia Harris", "user12034@example.com", "U34384231", "Olivia", NULL, 0},
    {"en", "Tom Walker", "user43821@example.org", "U10446373", "Tom", NULL, 0},
    {"en", "Aisha Bello", "user55404@example.org", "U63767751", "Aisha", NULL, 0},
    {"en", "Liam Murphy", "user82501@example.com", "U99063158", "Liam", NULL, 0},
    {"en", "Hannah Clarke", "user94172@example.com", "U17484944", "Hannah", NULL, 0},
    {"en", "Marcus Reid", "user75897@example.org", "U44690645", "Marcus", NULL, 0},
    {"en", "Priya Shah", "user30945@example.com", "U39248647", "Priya", NULL, 0},
    {"en", "Ben Foster", "user57183@example.com", "U17364164", "Ben", NULL, 0},
    {"en", "Grace Lee", "user88269@example.net", "U60485153", "Grace", NULL, 0},
    {"en", "Nathan Cole", "user69001@example.net", "U64520416", "Nathan", NULL, 0},
    {"en", "Chloe Bennett", "user55405@example.com", "U69234203", "Chloe", NULL, 0},
    {"en", "Ethan Brooks", "user16268@example.com", "U85780593", "Ethan", NULL, 0},
    {"en", "Megan Hughes", "user90653@example.com", "U18359055", "Megan", NULL, 1},
    {"en", "Jordan Price", "user88816@example.com", "U49007635", "Jordan", NULL, 0},
    {"en", "Laura Turner", "user96215@example.com", "U53710720", "Laura", NULL, 0},
    {"en", "Kevin Nguyen", "user69345@example.net", "U11459380", "Kevin", NULL, 0},
    {"en", "Rachel Moss", "user3279@example.org", "U41868122", "Rachel", NULL, 0},
    {"en", "Adam Fisher", "user49796@example.com", "U80756234", "Adam", NULL, 0},
    {"en", "Zoe Campbell", "user56827@example.com", "U16117545", "Zoe", NULL, 0},
    {"en", "Omar Farouk", "user20137@example.com", "U20078765", "Omar", NULL, 0},
    {"en", "Lucas Gray", "user35438@example.com", "U11324903", "Lucas", NULL, 0},
    {"en", "Isabelle Ward", "user60483@example.com", "U45605017", "Isabelle", NULL, 3},
    {"en", "Connor Doyle", "user82088@example.org", "U28128513", "Connor", NULL, 0},
    {"en", "Fatima Khan", "user46636@example.com", "U68908392", "Fatima", NULL, 0},
    {"en", "Jack Robinson", "user7351@example.com", "U20470875", "Jack", NULL, 0},
    {"zh-CN", "王磊", "user65631@example.com", "U92446580", "王先生", NULL, 0},
    {"zh-CN", "李娜", "user25332@example.com", "U34728098", "李女士", NULL, 0},
    {"zh-CN", "张涛", "user98247@example.com", "U84499376", "张先生", NULL, 0},
    {"zh-CN", "刘洋", "user7732@example.com", "U69774326", "刘先生", NULL, 0},
    {"zh-CN", "陈静", "user44994@example.org", "U19568367", "陈女士", NULL, 0},
    {"zh-CN", "杨帆", "user13821@example.net", "U48616364", "杨先生", NULL, 3},
    {"zh-CN", "赵敏", "user26319@example.com", "U32432422", "赵女士", NULL, 0},
    {"zh-CN", "黄志强", "user54370@example.com", "U90143211", "黄先生", NULL, 0},
    {"zh-CN", "周凯", "user46441@example.org", "U89930277", "周先生", NULL, 0},
    {"zh-CN", "吴婷", "user11409@example.com", "U93485354", "吴女士", NULL, 0},
    {"zh-CN", "徐浩然", "user55208@example.com", "U86888673", "徐先生", NULL, 0},
    {"zh-CN", "孙晓雨", "user84695@example.com", "U50084669", "孙女士", NULL, 0},
    {"zh-CN", "马俊", "user55406@example.com", "U82818751", "马先生", NULL, 0},
    {"zh-CN", "朱琳", "user40833@example.com", "U50762012", "朱女士", NULL, 0},
    {"zh-CN", "胡斌", "user23702@example.net", "U68457378", "胡先生", NULL, 1},
    {"zh-CN", "郭佳怡", "user26288@example.com", "U66859665", "郭女士", NULL, 0},
    {"zh-CN", "何建国", "user61598@example.com", "U13501973", "何先生", NULL, 0},
    {"zh-CN", "高欣", "user48636@example.net", "U86703697", "高女士", NULL, 0},
    {"zh-CN", "罗伟", "user46089@example.com", "U41853544", "罗先生", NULL, 0},
    {"zh-CN", "梁雪", "user56911@example.com", "U80679381", "梁女士", NULL, 0},
    {"zh-CN", "宋子轩", "user95263@example.com", "U92746557", "宋先生", NULL, 0},
    {"zh-CN", "郑丽", "user15092@example.com", "U68949833", "郑女士", NULL, 0},
    {"zh-CN", "谢文", "user5103@example.org", "U79787464", "谢先生", NULL, 0},
    {"zh-CN", "韩梅", "user86848@example.com", "U48159802", "韩女士", NULL, 0},
    {"zh-TW", "陳冠宇", "user95949@example.com", "U70292584", "陳先生", NULL, 0},
    {"zh-TW", "林怡君", "user34479@example.net", "U61055393", "林小姐", NULL, 0},
    {"zh-TW", "黃志明", "user22663@example.com", "U93056209", "黃先生", NULL, 0},
    {"zh-TW", "張雅涵", "user1923@example.com", "U54934661", "張小姐", NULL, 0},
    {"zh-TW", "李承翰", "user74306@example.com", "U53875146", "李先生", NULL, 0},
    {"zh-TW", "王淑芬", "user49571@example.com", "U56226200", "王小姐", NULL, 0},
    {"zh-TW", "吳建宏", "user49938@example.org", "U39244403", "吳先生", NULL, 0},
    {"zh-TW", "蔡佩珊", "user76169@example.com", "U56934759", "蔡小姐", NULL, 0},
    {"zh-TW", "劉家豪", "user81531@example.com", "U46006705", "劉先生", NULL, 2},
    {"zh-TW", "許雅雯", "user64251@example.com", "U52627618", "許小姐", NULL, 0},
    {"zh-TW", "鄭宇翔", "user10189@example.com", "U42719265", "鄭先生", NULL, 0},
    {"zh-TW", "謝欣怡", "user53676@example.com", "U68142004", "謝小姐", NULL, 0},
    {"zh-TW", "洪振傑", "user38974@example.net", "U48025929", "洪先生", NULL, 0},
    {"zh-TW", "郭品妤", "user64366@example.com", "U72029078", "郭小姐", NULL, 0},
    {"zh-TW", "曾柏翰", "user48035@example.com", "U53484052", "曾先生", NULL, 0},
    {"zh-TW", "楊詩涵", "user84588@example.net", "U91931789", "楊小姐", NULL, 0},
    {"zh-TW", "賴俊傑", "user75275@example.com", "U26093083", "賴先生", NULL, 0},
    {"zh-TW", "周佳穎", "user23181@example.com", "U11026648", "周小姐", NULL, 0},
    {"zh-TW", "徐子軒", "user72929@example.com", "U66324079", "徐先生", NULL, 0},
    {"zh-TW", "葉怡萱", "user40544@example.com", "U64228041", "葉小姐", NULL, 0},
    {"ja", "鈴木 大輔", "user70646@example.com", "U46263321", "鈴木様", NULL, 0},
    {"ja", "高橋 美咲", "user12902@example.com", "U32091700", "高橋様", NULL, 0},
    {"ja", "田中 翔太", "user60344@example.org", "U16492759", "田中様", NULL, 0},
    {"ja", "伊藤 さくら", "user18520@example.com", "U41057922", "伊藤様", NULL, 0},
    {"ja", "渡辺 拓也", "user63175@example.com", "U52929328", "渡辺様", NULL, 1},
    {"ja", "山本 彩", "user79156@example.com", "U28935163", "山本様", NULL, 0},
    {"ja", "中村 悠斗", "user65932@example.com", "U49346884", "中村様", NULL, 0},
    {"ja", "小林 由美", "user54156@example.com", "U69805100", "小林様", NULL, 0},
    {"ja", "加藤 直樹", "user69132@example.org", "U81914856", "加藤様", NULL, 0},
    {"ja", "吉田 真央", "user10789@example.com", "U76733588", "吉田様", NULL, 0},
    {"ja", "山田 浩二", "user48513@example.com", "U76323192", "山田様", NULL, 0},
    {"ja", "松本 奈々", "user76336@example.com", "U88791407", "松本様", NULL, 0},
    {"ja", "井上 隼人", "user1904@example.org", "U57003043", "井上様", NULL, 0},
    {"ja", "木村 千尋", "user40939@example.net", "U98539201", "木村様", NULL, 2},
    {"ja", "林 和也", "user69640@example.net", "U82480882", "林様", NULL, 0},
    {"ja", "清水 愛", "user22781@example.com", "U72199508", "清水様", NULL, 0},
    {"ja", "山口 健太", "user98512@example.com", "U35506474", "山口様", NULL, 0},
    {"ja", "森 美穂", "user51586@example.com", "U32839140", "森様", NULL, 0},
    {"ja", "池田 亮", "user63748@example.net", "U28104534", "池田様", NULL, 0},
    {"ja", "橋本 玲奈", "user2186@example.net", "U99984000", "橋本様", NULL, 0},
    {"ko", "김민수", "user69537@example.com", "U15513847", "김민수 고객님", NULL, 0},
    {"ko", "이수진", "user87737@example.com", "U89763148", "이수진 고객님", NULL, 0},
    {"ko", "박지훈", "user63845@example.com", "U12813836", "박지훈 고객님", NULL, 1},
    {"ko", "최유진", "user16891@example.com", "U39740092", "최유진 고객님", NULL, 0},
    {"ko", "정현우", "user88299@example.com", "U62993505", "정현우 고객님", NULL, 0},
    {"ko", "강수빈", "user12641@example.com", "U50105006", "강수빈 고객님", NULL, 0},
    {"ko", "조민재", "user87752@example.com", "U81427273", "조민재 고객님", NULL, 0},
    {"ko", "윤지아", "user85061@example.com", "U38012797", "윤지아 고객님", NULL, 0},
    {"ko", "장동훈", "user68480@example.net", "U67785261", "장동훈 고객님", NULL, 0},
    {"ko", "임하늘", "user69902@example.com", "U35574420", "임하늘 고객님", NULL, 0},
    {"ko", "한승우", "user79391@example.com", "U18637135", "한승우 고객님", NULL, 0},
    {"ko", "오예린", "user24670@example.com", "U83929044", "오예린 고객님", NULL, 3},
    {"ko", "서준호", "user72073@example.com", "U25610135", "서준호 고객님", NULL, 0},
    {"ko", "신다은", "user33790@example.com", "U28020623", "신다은 고객님", NULL, 0},
    {"ko", "권태윤", "user59517@example.net", "U60009140", "권태윤 고객님", NULL, 0},
    {"ko", "황보람", "user7322@example.com", "U69837525", "황보람 고객님", NULL, 0},
    {"ko", "송재원", "user99563@example.com", "U71859372", "송재원 고객님", NULL, 0},
    {"ko", "안소영", "user44237@example.org", "U29112959", "안소영 고객님", NULL, 0},
    {"ko", "류성민", "user25931@example.com", "U30756159", "류성민 고객님", NULL, 0},
    {"ko", "배가은", "user17564@example.com", "U62543538", "배가은 고객님", NULL, 0},
    {"ru", "Алексей Кузьмин", "user60897@example.com", "U47928862", "Алексей", NULL, 0},
    {"ru", "Мария Иванова", "user56108@example.com", "U54739245", "Мария", NULL, 0},
    {"ru", "Дмитрий Кузнецов", "user59335@example.com", "U87862068", "Дмитрий", NULL, 0},
    {"ru", "Екатерина Попова", "user5084@example.com", "U62073487", "Екатерина", NULL, 0},
    {"ru", "Сергей Васильев", "user99627@example.com", "U82181877", "Сергей", NULL, 0},
    {"ru", "Анна Соколова", "user4251@example.com", "U77213384", "Анна", NULL, 0},
    {"ru", "Андрей Морозов", "user83718@example.org", "U14380914", "Андрей", NULL, 2},
    {"ru", "Наталья Новикова", "user53973@example.com", "U12251847", "Наталья", NULL, 0},
    {"ru", "Михаил Фёдоров", "user3909@example.com", "U76327251", "Михаил", NULL, 0},
    {"ru", "Татьяна Волкова", "user8147@example.com", "U52113380", "Татьяна", NULL, 0},
    {"ru", "Николай Лебедев", "user33443@example.com", "U86364577", "Николай", NULL, 0},
    {"ru", "Юлия Козлова", "user45379@example.com", "U16751905", "Юлия", NULL, 0},
    {"ru", "Павел Орлов", "user62344@example.com", "U46628383", "Павел", NULL, 0},
    {"ru", "Елена Павлова", "user52419@example.com", "U14896031", "Елена", NULL, 0},
    {"ru", "Артём Егоров", "user43551@example.com", "U66736205", "Артём", NULL, 0},
    {"ru", "Ирина Захарова", "user14680@example.com", "U36003876", "Ирина", NULL, 0},
    {"ru", "Владимир Семёнов", "user97109@example.com", "U26078343", "Владимир", NULL, 0},
    {"ru", "Светлана Голубева", "user87070@example.com", "U16494587", "Светлана", NULL, 0},
    {"ru", "Максим Виноградов", "user96880@example.com", "U72463677", "Максим", NULL, 0},
    {"ru", "Ксения Белова", "user48127@example.com", "U50098630", "Ксения", NULL, 0},
    {"es", "Carlos García", "user41804@example.net", "U48349962", "Carlos", NULL, 0},
    {"es", "María López", "user82819@example.com", "U78340721", "María", NULL, 0},
    {"es", "José Martínez", "user15348@example.com", "U28603938", "José", NULL, 0},
    {"es", "Ana Rodríguez", "user97454@example.com", "U37435959", "Ana", NULL, 0},
    {"es", "Luis Hernández", "user67476@example.net", "U31056869", "Luis", NULL, 0},
    {"es", "Carmen Sánchez", "user16879@example.com", "U54524787", "Carmen", NULL, 0},
    {"es", "Javier Pérez", "user64179@example.net", "U24977184", "Javier", NULL, 0},
    {"es", "Valentina Gómez", "user5908@example.org", "U63852589", "Valentina", NULL, 0},
    {"es", "Alejandro Díaz", "user44743@example.com", "U35574371", "Alejandro", NULL, 0},
    {"es", "Sofía Torres", "user71413@example.com", "U97170437", "Sofía", NULL, 1},
    {"es", "Miguel Flores", "user46837@example.com", "U66394566", "Miguel", NULL, 0},
    {"es", "Isabela Castro", "user98368@example.com", "U37950529", "Isabela", NULL, 0},
    {"es", "Andrés Morales", "user56479@example.com", "U78826763", "Andrés", NULL, 0},
    {"es", "Camila Vargas", "user48210@example.com", "U37619353", "Camila", NULL, 0},
    {"es", "Fernando Ruiz", "user49012@example.com", "U15632486", "Fernando", NULL, 0},
    {"es", "Gabriela Ortiz", "user33121@example.org", "U16429709", "Gabriela", NULL, 0},
    {"es", "Mateo Rojas", "user70641@example.com", "U80541826", "Mateo", NULL, 0},
    {"es", "Daniela Herrera", "user95717@example.com", "U25319642", "Daniela", NULL, 0},
    {"es", "Santiago Medina", "user82143@example.com", "U48216801", "Santiago", NULL, 0},
    {"es", "Paula Navarro", "user37560@example.org", "U87938581", "Paula", NULL, 0},
    {"vi", "Nguyễn Văn Hùng", "user43473@example.com", "U76954584", "anh Hùng", "anh", 0},
    {"vi", "Trần Thị Mai", "user31361@example.com", "U72417295", "chị Mai", "chị", 1},
    {"vi", "Lê Minh Tuấn", "user4025@example.com", "U51466340", "anh Tuấn", "anh", 0},
    {"vi", "Phạm Thu Hà", "user38115@example.com", "U37128107", "chị Hà", "chị", 0},
    {"vi", "Hoàng Đức Thắng", "user61546@example.org", "U65520393", "anh Thắng", "anh", 0},
    {"vi", "Vũ Thị Hương", "user92167@example.org", "U73919629", "chị Hương", "chị", 0},
    {"vi", "Đặng Quốc Bảo", "user44507@example.com", "U44831938", "anh Bảo", "anh", 0},
    {"vi", "Bùi Thanh Tâm", "user25729@example.com", "U91316703", "chị Tâm", "chị", 0},
    {"vi", "Đỗ Ngọc Linh", "user53114@example.com", "U26438770", "chị Linh", "chị", 0},
    {"vi", "Hồ Văn Nam", "user95062@example.com", "U98362559", "anh Nam", "anh", 0},
    {"vi", "Ngô Thị Thảo", "user88938@example.com", "U95336509", "chị Thảo", "chị", 0},
    {"vi", "Dương Minh Khoa", "user20394@example.net", "U47111713", "anh Khoa", "anh", 0},
    {"vi", "Lý Gia Huy", "user39507@example.com", "U52158348", "anh Huy", "anh", 2},
    {"vi", "Phan Thị Yến", "user37018@example.com", "U27687933", "chị Yến", "chị", 0},
    {"vi", "Trịnh Văn Long", "user67447@example.com", "U86871825", "anh Long", "anh", 0},
    {"vi", "Cao Thị Ngân", "user31568@example.net", "U62550416", "chị Ngân", "chị", 0},
    {"vi", "Võ Hoàng Phúc", "user44641@example.com", "U10762809", "anh Phúc", "anh", 0},
    {"vi", "Lâm Thị Diễm", "user32604@example.com", "U80190021", "chị Diễm", "chị", 0},
    {"vi", "Tạ Quang Vinh", "user41846@example.net", "U22234174", "anh Vinh", "anh", 0},
    {"vi", "Đinh Thu Trang", "user45189@example.com", "U20858480", "chị Trang", "chị", 0},
    {"tr", "Mehmet Kaya", "user50021@example.com", "U97646345", "Mehmet Bey", NULL, 0},
    {"tr", "Zeynep Arslan", "user55329@example.com", "U21011122", "Zeynep Hanım", NULL, 0},
    {"tr", "Ahmet Çelik", "user31117@example.com", "U55689369", "Ahmet Bey", NULL, 0},
    {"tr", "Elif Şahin", "user22036@example.com", "U45883799", "Elif Hanım", NULL, 0},
    {"tr", "Mustafa Yıldız", "user56424@example.net", "U19751470", "Mustafa Bey", NULL, 0},
    {"tr", "Fatma Öztürk", "user47544@example.org", "U34307211", "Fatma Hanım", NULL, 0},
    {"tr", "Burak Aydın", "user42902@example.com", "U44937925", "Burak Bey", NULL, 0},
    {"tr", "Selin Koç", "user89491@example.com", "U41351662", "Selin Hanım", NULL, 2},
    {"tr", "Can Özdemir", "user16789@example.com", "U24483259", "Can Bey", NULL, 0},
    {"tr", "Esra Kurt", "user74197@example.com", "U17593383", "Esra Hanım", NULL, 0},
    {"tr", "Oğuz Polat", "user77425@example.com", "U86990699", "Oğuz Bey", NULL, 0},
    {"tr", "Merve Aksoy", "user89697@example.com", "U52299275", "Merve Hanım", NULL, 0},
    {"tr", "Hakan Doğan", "user65526@example.com", "U50949086", "Hakan Bey", NULL, 0},
    {"tr", "Deniz Güneş", "user68189@example.com", "U30390820", "Deniz Hanım", NULL, 0},
    {"tr", "Emine Yıldırım", "user15211@example.com", "U83585098", "Emine Hanım", NULL, 0},
    {"tr", "Serkan Bulut", "user46278@example.com", "U87349069", "Serkan Bey", NULL, 0},
    {"tr", "Gökhan Kılıç", "user68081@example.com", "U25858044", "Gökhan Bey", NULL, 0},
    {"tr", "Büşra Çetin", "user90713@example.com", "U99848430", "Büşra Hanım", NULL, 0},
    {"tr", "Onur Şimşek", "user81229@example.com", "U93909281", "Onur Bey", NULL, 0},
    {"tr", "Ceren Taş", "user23920@example.com", "U26355694", "Ceren Hanım", NULL, 0},
};
const size_t demo_customers_count = COUNT(demo_customers);

/* ---- What each intent means for routing ---------------------------------------------------- */

enum { P_LOW, P_NORMAL, P_HIGH, P_URGENT };
static const char *const prio_names[] = {"low", "normal", "high", "urgent"};

struct intent_info {
	const char *category;
	int prio;              /* base priority */
	const char *group;     /* where it lands */
	const char *alt_group; /* where alt_pct of them are escalated or routed instead */
	unsigned alt_pct;
	unsigned high_amt, urgent_amt; /* {amt} at or above: at least high / urgent (0: never) */
	unsigned urgent_pct;           /* share made urgent whatever the amount */
	bool money;                    /* the stock closing may say "your account is updated" */
	const char *hold_note; /* why it waits on another team; NULL: on_hold does not fit */
	unsigned api_pct;      /* share of tickets that came in through the API channel */
};

/* {category, prio, group, alt_group, alt_pct, high_amt, urgent_amt, urgent_pct, money, hold_note,
 *  api_pct} */
static const struct intent_info intents[DEMO_INTENT_COUNT] = {
    [DEMO_DEP_MISSENT] = {"deposit", P_NORMAL, G_DW, G_REC, 50, 0, 0, 0, true,
                          "On hold: in the recovery batch with wallet ops (runs Tue/Thu). Fee "
                          "quote sent to customer.",
                          5},
    [DEMO_DEP_MEMO] = {"deposit", P_NORMAL, G_DW, G_REC, 50, 0, 0, 0, true,
                       "On hold: wallet ops matching the untagged deposit in the shared wallet.",
                       5},
    [DEMO_DEP_PENDING] = {"deposit", P_NORMAL, G_DW, G_L2, 15, 0, 0, 0, true,
                          "On hold: deposit scanner backlog, ENG looking at the rescan job.", 5},
    [DEMO_WD_HOLD] = {"withdrawal", P_NORMAL, G_DW, G_SEC, 25, 10000, 30000, 0, true,
                      "On hold: second approval from Security pending (over auto-release "
                      "threshold).",
                      5},
    [DEMO_WD_NOT_RECEIVED] = {"withdrawal", P_NORMAL, G_DW, G_L2, 30, 10000, 0, 0, true,
                              "On hold: waiting for wallet ops to confirm the return on chain.", 5},
    [DEMO_2FA] = {"account", P_NORMAL, G_ACC, G_SEC, 15, 0, 0, 0, false,
                  "On hold: video verification booked; second agent approves the reset.", 3},
    [DEMO_KYC] = {"kyc", P_NORMAL, G_ACC, NULL, 0, 0, 0, 0, false,
                  "On hold: KYC vendor manual review queue (backlog ~48h).", 3},
    [DEMO_FROZEN] = {"account", P_HIGH, G_ACC, G_SEC, 35, 10000, 0, 60, true,
                     "On hold: Compliance review. Do not share screening details with the "
                     "customer.",
                     3},
    [DEMO_FUTURES] = {"futures", P_NORMAL, G_FUT, G_L2, 10, 10000, 0, 0, true,
                      "On hold: futures team pulling index and mark price data for the window.", 8},
    [DEMO_P2P_NO_RELEASE] = {"p2p", P_NORMAL, G_DW, G_SEC, 15, 2000, 0, 0, true,
                             "On hold: appeal window open, waiting for the seller's bank "
                             "statement (24h).",
                             3},
    [DEMO_P2P_NOT_PAID] = {"p2p", P_NORMAL, G_DW, G_SEC, 35, 2000, 0, 0, true,
                           "On hold: buyer restricted; 24h cooling-off before escrow goes back "
                           "to the seller.",
                           3},
    [DEMO_TRADE_ORDER] = {"trading", P_NORMAL, G_FUT, G_L2, 35, 0, 0, 0, false,
                          "On hold: matching-engine logs requested from L2.", 15},
    [DEMO_TRADE_API] = {"trading", P_NORMAL, G_L2, NULL, 0, 0, 0, 0, false,
                        "On hold: engineering ticket open, waiting for the fix to deploy.", 55},
    [DEMO_PHISHING] = {"security", P_NORMAL, G_SEC, NULL, 0, 0, 0, 0, false, NULL, 3},
    [DEMO_COMPENSATION] = {"other", P_NORMAL, G_FUT, G_LEGAL, 35, 10000, 0, 0, true,
                           "On hold: waiting for the incident compensation list to be signed "
                           "off by Risk and Finance.",
                           3},
    [DEMO_FEES] = {"other", P_LOW, G_DW, NULL, 0, 0, 0, 0, false, NULL, 3},
};

/* What an agent writes when a ticket lands in a specialist group instead of the usual queue. */
static const struct {
	const char *group, *note;
} escalation_notes[] = {
    {G_REC, "Moved to Recovery: mis-sent deposit, case details complete. Quote the fee before "
            "processing."},
    {G_SEC, "Escalated to Security: needs a risk decision before we answer the customer."},
    {G_L2, "Escalated to L2 Engineering: L1 checks done (status page, account flags), needs a "
           "look at the logs."},
    {G_LEGAL, "Customer mentions legal action; looped in Legal per policy. Keep replies factual, "
              "no admissions."},
};

/* ---- Deterministic randomness ------------------------------------------------------------ */

#define DEMO_SEED 0x45584445534b3031ULL /* "EXDESK01" */

/* Knuth's MMIX LCG; the high bits are the good ones. */
static uint64_t lcg_state;

static uint32_t lcg_next(void)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(lcg_state >> 33);
}

static unsigned lcg_below(unsigned n)
{
	return n ? lcg_next() % n : 0;
}

/* Skewed towards lo: most tickets of a status are recent, a few are old. */
static int lcg_age(int lo, int hi)
{
	unsigned u = lcg_below(1000);
	return lo + (int)((long long)(hi - lo) * u * u / 1000000);
}

/* ---- Composed strings ---------------------------------------------------------------------- */

/* Strings with per-ticket details live here, reset on every call. Sized for DEMO_TICKETS_TARGET
 * tickets at 2 KiB each; measured use is about 160 KiB, so there is ample headroom for longer
 * texts. If it ever runs out, the generator stops early and returns fewer tickets. */
#define DEMO_POOL_SIZE (DEMO_TICKETS_TARGET * 2048)
static char pool[DEMO_POOL_SIZE];
static size_t pool_used;

struct vars {
	char amt[24], coin[24], tx[65], TX[65], tx0x[67], evm[43], time[6], order[20], memo[10];
	const char *uid, *greet, *pron;
	char Pron[16];
};

static void format_grouped(char *out, size_t size, unsigned v, char sep)
{
	char digits[16];
	int n = snprintf(digits, sizeof digits, "%u", v);
	size_t o = 0;
	for (int i = 0; i < n && o + 1 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0 && o + 2 < size)
			out[o++] = sep;
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

/* {coin}: v / 10,000 with up to four decimals, trailing zeros dropped. */
static void format_coin(char *out, size_t size, unsigned v, char thousands, char decimal)
{
	char frac[8];
	format_grouped(out, size, v / 10000, thousands);
	int n = snprintf(frac, sizeof frac, "%04u", v % 10000);
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = '\0';
	size_t len = strlen(out);
	if (n > 0 && len + 1 + (size_t)n < size) {
		out[len] = decimal;
		memcpy(out + len + 1, frac, (size_t)n + 1);
	}
}

/* Round to `sig` significant digits, the way people quote amounts ("about 12,000 USDT"). */
static unsigned round_sig(unsigned v, int sig)
{
	unsigned p = 1;
	for (unsigned t = v; t >= 10; t /= 10)
		p *= 10;
	for (int i = 1; i < sig && p >= 10; i++)
		p /= 10;
	return (v + p / 2) / p * p;
}

static void hex_fill(char *out, size_t n, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	for (size_t i = 0; i < n; i++)
		out[i] = digits[lcg_next() & 15];
	out[n] = '\0';
}

static void digits_fill(char *out, size_t n)
{
	out[0] = (char)('1' + lcg_below(9));
	for (size_t i = 1; i < n; i++)
		out[i] = (char)('0' + lcg_below(10));
	out[n] = '\0';
}

static const char *var_value(const struct vars *v, const char *name, size_t len)
{
	static const struct {
		const char *name;
		size_t off;
	} table[] = {
	    {"amt", offsetof(struct vars, amt)},   {"coin", offsetof(struct vars, coin)},
	    {"tx", offsetof(struct vars, tx)},     {"TX", offsetof(struct vars, TX)},
	    {"tx0x", offsetof(struct vars, tx0x)}, {"evm", offsetof(struct vars, evm)},
	    {"time", offsetof(struct vars, time)}, {"order", offsetof(struct vars, order)},
	    {"memo", offsetof(struct vars, memo)}, {"Pron", offsetof(struct vars, Pron)},
	};
	for (size_t i = 0; i < COUNT(table); i++)
		if (strlen(table[i].name) == len && memcmp(table[i].name, name, len) == 0)
			return (const char *)v + table[i].off;
	if (len == 3 && memcmp(name, "uid", 3) == 0)
		return v->uid;
	if (len == 5 && memcmp(name, "greet", 5) == 0)
		return v->greet;
	if (len == 4 && memcmp(name, "pron", 4) == 0)
		return v->pron;
	return NULL;
}

/* Fill the placeholders of tpl into the pool. Returns tpl itself when it has none, NULL when the
 * pool is full. Braces that are not a known placeholder (JSON in a message) are copied as they
 * are. */
static const char *compose(const char *tpl, const struct vars *v)
{
	if (!tpl || !strchr(tpl, '{'))
		return tpl;
	char *out = pool + pool_used;
	size_t room = DEMO_POOL_SIZE - pool_used, o = 0;
	for (const char *p = tpl; *p;) {
		const char *val = NULL, *close = NULL;
		if (*p == '{' && (close = strchr(p + 1, '}')) && close - p <= 6)
			val = var_value(v, p + 1, (size_t)(close - p - 1));
		size_t n = val ? strlen(val) : 1;
		if (o + n + 1 > room)
			return NULL;
		memcpy(out + o, val ? val : p, n);
		o += n;
		p = val ? close + 1 : p + 1;
	}
	out[o] = '\0';
	pool_used += o + 1;
	return out;
}

/* ---- Routing ----------------------------------------------------------------------------------
 */

/* Is `item` one of the comma-separated entries of `list`? */
static bool list_has(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, item, n) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static const struct demo_group *group_find(const char *name)
{
	for (size_t i = 0; i < demo_groups_count; i++)
		if (strcmp(demo_groups[i].name, name) == 0)
			return &demo_groups[i];
	return NULL;
}

static bool agent_fits(const struct demo_agent *a, const char *group, const char *lang)
{
	return strcmp(a->role, "agent") == 0 && list_has(a->groups, group) &&
	       list_has(a->languages, lang);
}

static bool group_serves(const char *group, const char *lang)
{
	const struct demo_group *g = group_find(group);
	if (!g || (g->languages[0] && !list_has(g->languages, lang)))
		return false;
	for (size_t i = 0; i < demo_agents_count; i++)
		if (agent_fits(&demo_agents[i], group, lang))
			return true;
	return false;
}

/* Is lang the agent's first (native) language? */
static bool agent_native(const struct demo_agent *a, const char *lang)
{
	size_t n = strlen(lang);
	return strncmp(a->languages, lang, n) == 0 && (a->languages[n] == ',' || !a->languages[n]);
}

/* A random agent of `group` who speaks `lang`, or NULL if there is none. Mostly a native speaker
 * when the group has one: every agent also speaks English, but English tickets should not all
 * land on the Tokyo desk. */
static const char *pick_agent(const char *group, const char *lang)
{
	size_t n = 0, native = 0;
	for (size_t i = 0; i < demo_agents_count; i++)
		if (agent_fits(&demo_agents[i], group, lang)) {
			n++;
			native += agent_native(&demo_agents[i], lang);
		}
	bool only_native = native > 0 && lcg_below(100) < 80;
	size_t k = lcg_below((unsigned)(only_native ? native : n));
	for (size_t i = 0; i < demo_agents_count; i++)
		if (agent_fits(&demo_agents[i], group, lang) &&
		    (!only_native || agent_native(&demo_agents[i], lang)) && k-- == 0)
			return demo_agents[i].email;
	return NULL;
}

/* VIPs go to VIP. Otherwise the intent's group, or for some its specialist group when that group
 * has someone who speaks the language. *escalated tells which. */
static const char *pick_group(const struct intent_info *in, const char *lang, int vip_tier,
                              bool *escalated)
{
	unsigned roll = lcg_below(100);
	*escalated = false;
	if (vip_tier > 0)
		return G_VIP;
	if (in->alt_group && roll < in->alt_pct && group_serves(in->alt_group, lang)) {
		*escalated = true;
		return in->alt_group;
	}
	return in->group;
}

static const char *escalation_note(const char *group)
{
	for (size_t i = 0; i < COUNT(escalation_notes); i++)
		if (strcmp(escalation_notes[i].group, group) == 0)
			return escalation_notes[i].note;
	return NULL;
}

/* ---- Status, channel, messages ----------------------------------------------------------------
 */

enum { S_NEW, S_OPEN, S_PENDING, S_ON_HOLD, S_SOLVED, S_CLOSED, S_COUNT };
static const char *const status_names[] = {"new", "open", "pending", "on_hold", "solved", "closed"};
static const unsigned status_weight[S_COUNT] = {31, 21, 10, 9, 22, 7};
static const int age_range[S_COUNT][2] = {
    {1, 720}, {10, 4320}, {60, 7200}, {720, 14400}, {120, 28800}, {4320, 43200},
};

static int pick_status(bool can_hold)
{
	unsigned roll = lcg_below(100), acc = 0;
	for (int s = 0; s < S_COUNT; s++) {
		acc += status_weight[s];
		if (roll < acc)
			return (s == S_ON_HOLD && !can_hold) ? S_PENDING : s;
	}
	return S_SOLVED;
}

static const char *pick_channel(const struct intent_info *in, int vip_tier)
{
	if (lcg_below(100) < in->api_pct)
		return "api";
	if (vip_tier > 0 && lcg_below(100) < 25)
		return "phone";
	unsigned roll = lcg_below(100);
	if (roll < 32)
		return "email";
	if (roll < 72)
		return "chat";
	if (roll < 93)
		return "web";
	return "phone";
}

struct thread {
	struct demo_message m[6];
	size_t n;
};

static void add(struct thread *t, const char *kind, const char *body)
{
	if (body && t->n < COUNT(t->m))
		t->m[t->n++] = (struct demo_message){kind, body};
}

/* The conversation so far, consistent with the status: new = the customer's message only; open
 * = the customer spoke last; pending = the agent spoke last and waits for the customer; on_hold
 * = the agent told the customer another team has it; solved/closed = end with a closing reply.
 * `note` is the internal note to use (escalation or template), or NULL; force_note includes it
 * whenever the status allows a note (escalated tickets always explain why they moved). */
static void build_thread(struct thread *t, int status, const struct demo_template *tpl,
                         const struct demo_lang *lang, const struct intent_info *in,
                         const char *note, bool force_note)
{
	bool with_note = note && (force_note || lcg_below(100) < 45);
	add(t, "customer", tpl->customer);
	switch (status) {
	case S_NEW:
		return;
	case S_OPEN: {
		unsigned roll = lcg_below(100);
		if (roll < 50) { /* taken, not answered yet; maybe a first look noted */
			if (roll >= 30 || force_note)
				add(t, "note", note);
			return;
		}
		if (with_note)
			add(t, "note", note);
		add(t, "reply", tpl->reply);
		add(t, "customer", tpl->followup);
		return;
	}
	case S_PENDING:
		if (with_note)
			add(t, "note", note);
		add(t, "reply", tpl->reply);
		return;
	case S_ON_HOLD:
		if (with_note)
			add(t, "note", note);
		add(t, "reply", tpl->reply);
		add(t, "customer", tpl->followup);
		add(t, "reply", lang->hold_update);
		add(t, "note", in->hold_note);
		return;
	default: /* solved, closed */
		if (with_note)
			add(t, "note", note);
		add(t, "reply", tpl->reply);
		add(t, "customer", tpl->followup);
		add(t, "reply", lang->closing[in->money ? lcg_below(2) : 0]);
		return;
	}
}

static int bump(int prio, int to)
{
	return prio < to ? to : prio;
}

static int pick_priority(const struct demo_template *tpl, const struct intent_info *in,
                         unsigned amt, int vip_tier)
{
	int p = in->prio;
	if (tpl->priority)
		for (int i = P_LOW; i <= P_URGENT; i++)
			if (strcmp(prio_names[i], tpl->priority) == 0)
				p = i;
	unsigned roll = lcg_below(100);
	if (p > P_LOW && p < P_URGENT && roll < 10)
		p--;
	else if (p < P_HIGH && roll >= 94)
		p++;
	if (in->high_amt && amt >= in->high_amt)
		p = bump(p, P_HIGH);
	if (in->urgent_amt && amt >= in->urgent_amt)
		p = bump(p, P_URGENT);
	if (lcg_below(100) < in->urgent_pct)
		p = P_URGENT;
	if (vip_tier > 0)
		p = bump(p, vip_tier >= 2 ? P_HIGH : P_NORMAL);
	return p;
}

/* ---- The generator ------------------------------------------------------------------------ */

/* Smooth weighted round robin: the language furthest behind its share goes next, so any prefix
 * of the output has about the final mix. */
static size_t pick_language(const unsigned *done)
{
	size_t best = demo_langs_count;
	for (size_t i = 0; i < demo_langs_count; i++) {
		if (done[i] >= demo_langs[i].quota)
			continue;
		if (best == demo_langs_count || (2ULL * done[i] + 1) * demo_langs[best].quota <
		                                    (2ULL * done[best] + 1) * demo_langs[i].quota)
			best = i;
	}
	return best;
}

static void fill_vars(struct vars *v, const struct demo_lang *lang, const struct demo_template *tpl,
                      const struct demo_customer *c, unsigned *amt)
{
	unsigned span = tpl->amt_hi > tpl->amt_lo ? tpl->amt_hi - tpl->amt_lo + 1 : 1;
	/* Cubic skew: small amounts are common, large ones rare (median at 1/8 of the range). */
	unsigned long long u = lcg_below(1000);
	unsigned a = tpl->amt_lo + (unsigned)(span * u * u * u / 1000000000ULL),
	         roll = lcg_below(100);
	if (roll < 45)
		a = round_sig(a, 2);
	else if (roll < 70)
		a = round_sig(a, 3);
	*amt = a;
	format_grouped(v->amt, sizeof v->amt, a, lang->thousands);
	format_coin(v->coin, sizeof v->coin, a, lang->thousands, lang->decimal);
	hex_fill(v->tx, 64, false);
	for (size_t i = 0; i <= 64; i++)
		v->TX[i] = (char)(v->tx[i] >= 'a' ? v->tx[i] - 'a' + 'A' : v->tx[i]);
	v->tx0x[0] = '0';
	v->tx0x[1] = 'x';
	hex_fill(v->tx0x + 2, 64, false);
	v->evm[0] = '0';
	v->evm[1] = 'x';
	hex_fill(v->evm + 2, 40, false);
	/* Drawn before the call: the evaluation order of a call's arguments is unspecified, and
	 * gcc and clang do differ. */
	unsigned hh = lcg_below(24);
	unsigned mm = lcg_below(60);
	snprintf(v->time, sizeof v->time, "%02u:%02u", hh, mm);
	digits_fill(v->order, 19);
	digits_fill(v->memo, 9);
	v->uid = c->uid;
	v->greet = c->greet;
	v->pron = c->pron ? c->pron : "";
	snprintf(v->Pron, sizeof v->Pron, "%s", v->pron);
	if (v->Pron[0] >= 'a' && v->Pron[0] <= 'z') /* "anh" -> "Anh"; "chị" -> "Chị" */
		v->Pron[0] = (char)(v->Pron[0] - 'a' + 'A');
}

/* Tags: the template's, plus "vip" and "escalated" where they apply. */
static const char *compose_tags(const char *tags, int vip_tier, bool escalated)
{
	if (vip_tier == 0 && !escalated)
		return tags;
	size_t need = strlen(tags) + sizeof ",vip,escalated";
	if (pool_used + need > DEMO_POOL_SIZE)
		return NULL;
	char *out = pool + pool_used;
	int n = snprintf(out, need, "%s%s%s", tags, vip_tier ? ",vip" : "",
	                 escalated ? ",escalated" : "");
	pool_used += (size_t)n + 1;
	return out;
}

/* Counts the customers writing in `lang`; with `nth` below the count, also sets *out to that one.
 */
static size_t customers_in(const char *lang, size_t nth, const struct demo_customer **out)
{
	size_t n = 0;
	for (size_t i = 0; i < demo_customers_count; i++)
		if (strcmp(demo_customers[i].language, lang) == 0 && n++ == nth && out)
			*out = &demo_customers[i];
	return n;
}

/* One ticket, the k-th in language li. Returns false when the pool is full. */
static bool make_ticket(struct demo_ticket *t, size_t li, unsigned k)
{
	const struct demo_lang *lang = &demo_langs[li];
	size_t ti = k % lang->n_templates, round = k / lang->n_templates;
	const struct demo_template *tpl = &lang->templates[ti];
	size_t nc = customers_in(lang->code, SIZE_MAX, NULL);
	if (nc == 0)
		return false;
	/* 7 and 11 are prime to every customer count, so no customer repeats one conversation. */
	const struct demo_customer *c = NULL;
	customers_in(lang->code, (ti * 7 + round * 11 + li * 3) % nc, &c);
	const struct intent_info *in = &intents[tpl->intent];
	struct vars v;
	unsigned amt;

	fill_vars(&v, lang, tpl, c, &amt);
	int status = pick_status(in->hold_note && !tpl->followup_closes);
	bool escalated;
	const char *group = pick_group(in, lang->code, c->vip_tier, &escalated);
	const char *note = escalated ? escalation_note(group) : tpl->note;
	struct thread th = {0};
	build_thread(&th, status, tpl, lang, in, note, escalated);

	memset(t, 0, sizeof *t);
	t->language = lang->code;
	t->category = in->category;
	t->priority = prio_names[pick_priority(tpl, in, amt, c->vip_tier)];
	t->status = status_names[status];
	t->channel = pick_channel(in, c->vip_tier);
	t->group = group;
	/* New tickets wait in the group's queue. Anything past new has an owner: in exdesk a ticket
	 * leaves new when an agent takes it or replies, and the seeder replays exactly that. */
	if (status != S_NEW)
		t->assignee_email = pick_agent(group, lang->code);
	t->customer_name = c->name;
	t->customer_email = c->email;
	t->exchange_uid = c->uid;
	t->vip_tier = c->vip_tier;
	t->age_minutes = lcg_age(age_range[status][0], age_range[status][1]);
	t->subject = compose(tpl->subject, &v);
	t->tags = compose_tags(tpl->tags, c->vip_tier, escalated);
	if (!t->subject || !t->tags)
		return false;
	for (size_t i = 0; i < th.n; i++) {
		t->messages[i].kind = th.m[i].kind;
		t->messages[i].body = compose(th.m[i].body, &v);
		if (!t->messages[i].body)
			return false;
	}
	t->n_messages = th.n;
	return true;
}

size_t demo_tickets_generate(struct demo_ticket *out, size_t max)
{
	unsigned done[16] = {0};
	size_t n = 0;

	if (demo_langs_count > COUNT(done))
		return 0;
	lcg_state = DEMO_SEED;
	pool_used = 0;
	if (max > DEMO_TICKETS_TARGET)
		max = DEMO_TICKETS_TARGET;
	while (n < max) {
		size_t li = pick_language(done);
		if (li == demo_langs_count || !make_ticket(&out[n], li, done[li]))
			break;
		done[li]++;
		n++;
	}
	/* Oldest first; insertion sort keeps equal ages in generation order. */
	for (size_t i = 1; i < n; i++) {
		struct demo_ticket key = out[i];
		size_t j = i;
		for (; j > 0 && out[j - 1].age_minutes < key.age_minutes; j--)
			out[j] = out[j - 1];
		out[j] = key;
	}
	return n;
}
