"""Matching engine: explainable suggestions of job seekers for vacancies and vacancies for job seekers.

``engine`` scores with NumPy over plain profiles, ``needs`` holds the accommodation rules,
``profiles`` loads profiles from the database (inside a city context), ``reasons`` renders the
stored reasons in the reader's language. Suggestions are advice: a human decides every referral
(UU 27/2022 art. 10: no decision based only on automated processing).
"""
