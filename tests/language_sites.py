"""A small help centre in French (the source), German, Arabic, Hebrew and Polish, added to
mkdocs.yml by configuration only, for the right-to-left, plural and search tests.

French holds four collections of 5, 3, 2 and 1 articles (counts the home cards show);
German and Arabic translate every article but one (`facturation/remboursement`, served
from the French file); Hebrew and Polish translate the home and collection pages only
(Hebrew all but `installation`, whose card shows the French title). Persian has a home
page only, no interface catalogue and no name for the support team: its pages show the
French strings and name.
Interface text comes from the catalogues shipped with the package, with one German string
changed by the site's own `locales/de.po`.
"""

from __future__ import annotations

from pathlib import Path

from conftest import add_languages, write_catalogue, write_project

ADDED_LANGUAGES = {
    # code: (name in mkdocs.yml, site name, Babel locale)
    "de": ("Deutsch", "Hilfecenter", "de_DE"),
    "ar": ("العربية", "مركز المساعدة", "ar_EG"),
    "he": ("עברית", "מרכז העזרה", "he_IL"),
    "pl": ("Polski", "Centrum pomocy", "pl_PL"),
    "fa": ("فارسی", "مرکز راهنما", "fa_IR"),
}
IN_PROGRESS = ("ar", "he", "pl", "fa")

POLICIES = """\
cancellation:
  notice_period:
    type: duration
    value: 30 days
fees:
  default_fee:
    type: money
    value: 25.00 GBP
contacts:
  support:
    type: contact
    value:
      name:
        fr: l'équipe Support
        de: das Support-Team
        ar: فريق الدعم
        he: צוות התמיכה
        pl: zespół wsparcia
      email: support@example.com
      phone: "+44 1234 567 800"
"""

# Collection slug -> (order, icon); articles per collection in the source language.
COLLECTIONS = {
    "facturation": (1, "material/credit-card-outline"),
    "compte": (2, "material/account"),
    "suivi": (3, "material/map-marker"),
    "installation": (4, "material/wrench"),
}

# Per language: collection slug -> (title, description).
COLLECTION_TEXT = {
    "fr": {
        "facturation": ("Facturation", "Vos paiements et vos factures."),
        "compte": ("Compte", "Votre identifiant et vos accès."),
        "suivi": ("Suivi", "La carte, les alertes et le boîtier."),
        "installation": ("Installation", "Poser le boîtier dans le véhicule."),
    },
    "de": {
        "facturation": ("Abrechnung", "Ihre Zahlungen und Rechnungen."),
        "compte": ("Konto", "Ihre Anmeldung und Zugänge."),
        "suivi": ("Ortung", "Karte, Alarme und Gerät."),
        "installation": ("Einbau", "Das Gerät im Fahrzeug anbringen."),
    },
    "ar": {
        "facturation": ("الفواتير", "مدفوعاتك وفواتيرك."),
        "compte": ("الحساب", "بيانات الدخول والصلاحيات."),
        "suivi": ("التتبع", "الخريطة والتنبيهات والجهاز."),
        "installation": ("التركيب", "تركيب الجهاز في المركبة."),
    },
    "he": {
        "facturation": ("חיובים", "התשלומים והחשבוניות שלך."),
        "compte": ("חשבון", "פרטי הכניסה וההרשאות."),
        "suivi": ("מעקב", "המפה, ההתראות והמכשיר."),
    },
    "pl": {
        "facturation": ("Płatności", "Twoje płatności i faktury."),
        "compte": ("Konto", "Logowanie i dostęp."),
        "suivi": ("Śledzenie", "Mapa, alerty i urządzenie."),
        "installation": ("Montaż", "Montaż urządzenia w pojeździe."),
    },
}

HOME_TEXT = {
    "fr": ("Centre d'aide", "Réponses aux questions des clients."),
    "de": ("Hilfecenter", "Antworten auf Fragen unserer Kunden."),
    "ar": ("مركز المساعدة", "إجابات عن أسئلة العملاء."),
    "he": ("מרכז העזרה", "תשובות לשאלות הלקוחות."),
    "pl": ("Centrum pomocy", "Odpowiedzi na pytania klientów."),
    "fa": ("مرکز راهنما", "پاسخ به پرسش‌های مشتریان."),
}

# Article id -> language -> (title, description, body). French is complete; `remboursement`
# has no German or Arabic file (those pages show the French text).
ARTICLES: dict[str, dict[str, tuple[str, str, str]]] = {
    "facturation/annulation": {
        "fr": (
            "Résilier mon abonnement",
            "Comment mettre fin au contrat et avec quel préavis.",
            "## Préavis\n\nLe préavis est de {{ policy.cancellation.notice_period }}.\n\n"
            "## Frais\n\nDes frais de {{ policy.fees.default_fee }} peuvent s'appliquer. "
            "Écrivez à {{ policy.contacts.support.details }}.\n",
        ),
        "de": (
            "Abonnement kündigen",
            "Wie Sie den Vertrag beenden und mit welcher Frist.",
            "## Kündigungsfrist\n\nDie Kündigungsfrist beträgt "
            "{{ policy.cancellation.notice_period }}.\n\n## Gebühren\n\nEs kann eine Gebühr von "
            '{{ policy.fees.default_fee }} anfallen. Der Vertrag heißt "Flotte Plus". '
            "Schreiben Sie an {{ policy.contacts.support.details }}.\n",
        ),
        "ar": (
            "إلغاء الاشتراك",
            "كيف تنهي العقد وما هي مهلة الإشعار.",
            "## مهلة الإشعار\n\nمهلة الإشعار قبل الإلغاء هي "
            "{{ policy.cancellation.notice_period }}.\n\n## الرسوم\n\nقد تُطبَّق رسوم قدرها "
            "{{ policy.fees.default_fee }} عند الإلغاء. راسلنا على "
            "{{ policy.contacts.support.details }}.\n",
        ),
        "he": (
            "ביטול המנוי",
            "איך מסיימים את החוזה ובאיזו הודעה מוקדמת.",
            "## הודעה מוקדמת\n\nההודעה המוקדמת היא {{ policy.cancellation.notice_period }}.\n\n"
            "## עמלות\n\nייתכן שתחול עמלה של {{ policy.fees.default_fee }}. כתבו אל "
            "{{ policy.contacts.support.details }}.\n",
        ),
    },
    "facturation/frais": {
        "fr": (
            "Frais et pénalités",
            "Ce qui est facturé en plus de l'abonnement.",
            "Un paiement en retard entraîne des frais de {{ policy.fees.default_fee }}.\n",
        ),
        "de": (
            "Gebühren und Mahngebühren",
            "Was zusätzlich zum Abonnement berechnet wird.",
            "Eine verspätete Zahlung kostet eine Mahngebühr von {{ policy.fees.default_fee }}.\n",
        ),
        "ar": (
            "الرسوم والغرامات",
            "ما يُحتسب إضافةً إلى الاشتراك.",
            "يؤدي التأخر في الدفع إلى غرامة قدرها {{ policy.fees.default_fee }}.\n",
        ),
    },
    "facturation/facture": {
        "fr": (
            "Télécharger une facture",
            "Où trouver vos factures au format PDF.",
            "Ouvrez Facturation dans l'application web, puis choisissez le mois voulu.\n",
        ),
        "de": (
            "Rechnung herunterladen",
            "Wo Sie Ihre Rechnungen als PDF finden.",
            "Öffnen Sie Abrechnung in der Web-App und wählen Sie den gewünschten Monat.\n",
        ),
        "ar": (
            "تنزيل فاتورة",
            "أين تجد فواتيرك بصيغة PDF.",
            "افتح قسم الفواتير في تطبيق الويب ثم اختر الشهر الذي تريده لتنزيل الفاتورة.\n",
        ),
    },
    "facturation/paiement": {
        "fr": (
            "Changer de carte bancaire",
            "Mettre à jour le moyen de paiement du prélèvement.",
            "Dans Facturation, choisissez Moyen de paiement puis saisissez la nouvelle carte.\n",
        ),
        "de": (
            "Kreditkarte ändern",
            "Die Zahlungsmethode für die Abbuchung aktualisieren.",
            "Wählen Sie unter Abrechnung die Zahlungsmethode und geben Sie die neue Karte ein.\n",
        ),
        "ar": (
            "تغيير البطاقة المصرفية",
            "تحديث وسيلة الدفع المستخدمة في الخصم.",
            "من قسم الفواتير اختر وسيلة الدفع ثم أدخل بيانات البطاقة الجديدة.\n",
        ),
    },
    "facturation/remboursement": {
        "fr": (
            "Obtenir un remboursement",
            "Quand un paiement est rendu.",
            "## Dans quel cas ?\n\nUn paiement prélevé deux fois est rendu.\n\n"
            "## Sous quel délai ?\n\nSous dix jours ouvrés.\n",
        ),
    },
    "compte/mot-de-passe": {
        "fr": (
            "Mot de passe oublié",
            "Recevoir un lien pour choisir un nouveau mot de passe.",
            "Sur la page de connexion, choisissez Mot de passe oublié : un lien arrive par "
            "courriel.\n",
        ),
        "de": (
            "Passwort vergessen",
            "Einen Link erhalten, um ein neues Passwort festzulegen.",
            "Wählen Sie auf der Anmeldeseite Passwort vergessen: Sie erhalten einen Link per "
            "E-Mail.\n",
        ),
        "ar": (
            "نسيت كلمة المرور",
            "استلم رابطًا لاختيار كلمة مرور جديدة.",
            "في صفحة تسجيل الدخول اختر نسيت كلمة المرور وسيصلك رابط عبر البريد الإلكتروني.\n",
        ),
    },
    "compte/utilisateurs": {
        "fr": (
            "Ajouter un utilisateur",
            "Donner accès au compte à un collègue.",
            "Un administrateur invite un collègue depuis la page Utilisateurs.\n",
        ),
        "de": (
            "Benutzer hinzufügen",
            "Einem Kollegen Zugang zum Konto geben.",
            "Ein Administrator lädt Kollegen auf der Seite Benutzer ein.\n",
        ),
        "ar": (
            "إضافة مستخدم",
            "منح زميل صلاحية الدخول إلى الحساب.",
            "يدعو المسؤول زميله من صفحة المستخدمين ليحصل على صلاحية الدخول.\n",
        ),
    },
    "compte/suppression": {
        "fr": (
            "Supprimer mon compte",
            "Effacer le compte et ses données.",
            "La suppression efface l'historique des trajets de tous les véhicules.\n",
        ),
        "de": (
            "Konto löschen",
            "Das Konto und seine Daten entfernen.",
            "Beim Löschen wird der Fahrtverlauf aller Fahrzeuge entfernt.\n",
        ),
        "ar": (
            "حذف الحساب",
            "مسح الحساب وكل بياناته.",
            "يؤدي حذف الحساب إلى مسح سجل رحلات جميع المركبات نهائيًا.\n",
        ),
    },
    "suivi/alertes": {
        "fr": (
            "Recevoir des alertes de vitesse",
            "Être prévenu quand un véhicule roule trop vite.",
            "Réglez une limite de vitesse par véhicule : une notification part dès qu'elle "
            "est dépassée.\n",
        ),
        "de": (
            "Geschwindigkeitsalarme erhalten",
            "Benachrichtigt werden, wenn ein Fahrzeug zu schnell fährt.",
            "Legen Sie pro Fahrzeug ein Tempolimit fest: Bei Überschreitung kommt eine "
            "Benachrichtigung.\n",
        ),
        "ar": (
            "تنبيهات السرعة",
            "تلقَّ إشعارًا عندما تتجاوز المركبة السرعة المحددة.",
            "حدِّد سرعة قصوى لكل مركبة وسيصلك إشعار فور تجاوزها.\n",
        ),
    },
    "suivi/batterie": {
        "fr": (
            "Pourquoi la batterie s'use-t-elle ?",
            "Que faire quand le boîtier ne se recharge plus.",
            "Vérifiez le câble d'alimentation et la batterie du véhicule.\n",
        ),
        "de": (
            "Schwacher Akku des Geräts",
            "Was tun, wenn das Gerät nicht mehr lädt.",
            "Prüfen Sie das Stromkabel und die Batterie des Fahrzeugs.\n",
        ),
        "ar": (
            "ضعف بطارية الجهاز",
            "ماذا تفعل عندما لا يُشحن الجهاز.",
            "افحص كابل الطاقة وبطارية المركبة إذا توقف شحن البطارية.\n",
        ),
    },
    "installation/boitier": {
        "fr": (
            "Installer le boîtier GPS",
            "Brancher le boîtier sur la prise du véhicule.",
            "Branchez le boîtier sur la prise de diagnostic, sous le volant.\n",
        ),
        "de": (
            "GPS-Gerät einbauen",
            "Das Gerät an die Diagnosebuchse des Fahrzeugs anschließen.",
            "Stecken Sie das Gerät in die Diagnosebuchse unter dem Lenkrad.\n",
        ),
        "ar": (
            "تركيب جهاز GPS",
            "توصيل الجهاز بمنفذ التشخيص في المركبة.",
            "صِل الجهاز بمنفذ التشخيص الموجود أسفل عجلة القيادة.\n",
        ),
    },
}

# A site's own catalogue changes single strings of the shipped one (German, Arabic, Hebrew
# and Polish ship with the package; Persian does not).
SITE_STRINGS = {"de": {"home_heading": "Wobei dürfen wir Ihnen helfen?"}}


def _page(title: str, description: str, body: str = "", **meta: object) -> str:
    extra = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return f"---\ntitle: {title}\ndescription: {description}\n{extra}---\n\n{body}"


def docs() -> dict[str, str]:
    """Every Markdown file of the site, by path under docs/."""
    files: dict[str, str] = {}
    for lang, (title, description) in HOME_TEXT.items():
        files[f"{lang}/index.md"] = _page(title, description)
    for lang, collections in COLLECTION_TEXT.items():
        for slug, (title, description) in collections.items():
            order, icon = COLLECTIONS[slug]
            files[f"{lang}/{slug}/index.md"] = _page(title, description, icon=icon, order=order)
    for article_id, versions in ARTICLES.items():
        for lang, (title, description, body) in versions.items():
            files[f"{lang}/{article_id}.md"] = _page(title, description, body)
    return files


def write_language_site(root: Path) -> Path:
    """The project in `root`: the real mkdocs.yml with English replaced by the four
    languages above, each one block of configuration."""
    write_project(root, docs(), POLICIES)
    add_languages(
        root,
        {code: (name, locale) for code, (name, _, locale) in ADDED_LANGUAGES.items()},
        IN_PROGRESS,
        site_names={code: site_name for code, (_, site_name, _) in ADDED_LANGUAGES.items()},
        english="instead",
    )
    (root / "locales" / "en.po").unlink(missing_ok=True)
    for lang, strings in SITE_STRINGS.items():
        write_catalogue(root / "locales" / f"{lang}.po", lang, strings)
    return root


# Ten questions a reader might type in German and in Arabic, each with the article that
# answers it (success@3: that article among the first three results).
QUERIES = {
    "de": [
        ("Wie kündige ich mein Abonnement?", "facturation/annulation"),
        ("Wie lange ist die Kündigungsfrist", "facturation/annulation"),
        ("Rechnung herunterladen", "facturation/facture"),
        ("Passwort vergessen", "compte/mot-de-passe"),
        ("Kreditkarte ändern", "facturation/paiement"),
        ("Mahngebühr bei verspäteter Zahlung", "facturation/frais"),
        ("Konto löschen", "compte/suppression"),
        ("Kollegen Zugang geben", "compte/utilisateurs"),
        ("Warnung wenn ein Fahrzeug zu schnell fährt", "suivi/alertes"),
        ("Akku lädt nicht", "suivi/batterie"),
    ],
    "ar": [
        ("كيف ألغي اشتراكي", "facturation/annulation"),
        ("تنزيل الفاتورة", "facturation/facture"),
        ("نسيت كلمة المرور", "compte/mot-de-passe"),
        ("تغيير البطاقة", "facturation/paiement"),
        ("غرامة التأخر في الدفع", "facturation/frais"),
        ("حذف حسابي", "compte/suppression"),
        ("إضافة مستخدم جديد", "compte/utilisateurs"),
        ("تنبيه السرعة", "suivi/alertes"),
        ("البطارية لا تشحن", "suivi/batterie"),
        # Written with its harakat: folded away like the articles' own.
        ("تَرْكِيب جِهَاز", "installation/boitier"),
    ],
}
