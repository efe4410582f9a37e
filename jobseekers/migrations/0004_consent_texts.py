"""The first published version of each consent text (UU 27/2022 arts. 20-22: explicit, separate, plain language).

A later change to a text is a new migration adding version 2; published versions are never edited.
"""

import datetime

from django.db import migrations

TEXTS = {
    "specific_data": (
        "Data tentang disabilitas dan kesehatan Anda adalah data pribadi yang spesifik. Pusat Ketenagakerjaan "
        "Inklusif di kota Anda menyimpan jawaban Anda tentang kesulitan sehari-hari, ragam disabilitas, alat bantu "
        "dan akomodasi yang Anda perlukan, hanya untuk membantu Anda mendapat pelatihan dan pekerjaan. Hanya "
        "petugas kota Anda yang bisa melihatnya, dan setiap kali mereka melihatnya tercatat. Anda boleh menolak: "
        "Anda tetap bisa memakai layanan kami. Anda bisa menarik persetujuan ini kapan saja, dan penarikan "
        "berlaku saat itu juga.",
        "Data about your disability and health is specific personal data. The Inclusive Job Center in your city "
        "keeps your answers about everyday difficulties, your disability category, the devices you use and the "
        "accommodations you need, only to help you get training and work. Only your city's staff can see it, and "
        "every time they look it is recorded. You may say no: you can still use our services. You can withdraw "
        "this consent at any time, and the withdrawal takes effect at once.",
    ),
    "matching": (
        "Kami membandingkan profil Anda (keterampilan, pekerjaan yang Anda inginkan, kebutuhan akomodasi) dengan "
        "lowongan untuk menyarankan pekerjaan yang cocok. Saran ini dibuat oleh komputer, tetapi keputusan selalu "
        "diambil oleh petugas bersama Anda. Anda bisa menarik persetujuan ini kapan saja; setelah itu profil Anda "
        "tidak lagi dibandingkan dengan lowongan.",
        "We compare your profile (skills, the work you want, accommodation needs) with vacancies to suggest "
        "suitable jobs. A computer makes the suggestions, but staff always decide together with you. You can "
        "withdraw this consent at any time; after that your profile is no longer compared with vacancies.",
    ),
    "sharing": (
        "Jika petugas merujuk Anda ke sebuah lowongan, pemberi kerja itu menerima nama, kontak, keterampilan dan "
        "pengalaman Anda. Data tentang disabilitas, kebutuhan akomodasi dan dokumen Anda hanya dikirim jika Anda "
        "memilih untuk membagikannya. Anda bisa menarik persetujuan ini kapan saja; setelah itu profil Anda tidak "
        "dikirim ke pemberi kerja mana pun.",
        "If staff refer you to a vacancy, that employer receives your name, contact details, skills and "
        "experience. Data about your disability, accommodation needs and documents is sent only if you choose to "
        "share it. You can withdraw this consent at any time; after that your profile is not sent to any employer.",
    ),
    "notifications": (
        "Kami mengirim pemberitahuan tentang lowongan, rujukan dan janji temu melalui email, SMS atau WhatsApp "
        "sesuai pilihan Anda. Anda bisa berhenti menerimanya kapan saja.",
        "We send you notices about vacancies, referrals and appointments by email, text message or WhatsApp, as "
        "you choose. You can stop them at any time.",
    ),
}


def publish(apps, schema_editor):
    ConsentText = apps.get_model("jobseekers", "ConsentText")
    for purpose, (text_id, text_en) in TEXTS.items():
        ConsentText.objects.update_or_create(
            purpose=purpose,
            version=1,
            defaults={"text_id": text_id, "text_en": text_en, "published_on": datetime.date(2026, 11, 29)},
        )


def unpublish(apps, schema_editor):
    apps.get_model("jobseekers", "ConsentText").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("jobseekers", "0003_profile_consent_documents")]

    operations = [migrations.RunPython(publish, unpublish)]
