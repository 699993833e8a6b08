"""The seed documents as data: the Business Administrator job description (OR JES 129 v8.0, April 2025)
and the national benchmark role profiles 54 and 55 (National Job Evaluation Panel, September 2006)."""

import datetime

BENCHMARK_SOURCE = ("National Benchmark Role Profiles for Offender Management Roles, National Job Evaluation "
                    "Panel, 18 September 2006 (NPD, Napo, Unison, line management and an independent adviser): "
                    "a consensus decision on each of the thirteen factors.")

PROFILE_54 = {
    "number": 54,
    "title": "Offender Manager",
    "published_band": "3",
    "job_statement": [
        "As Offender Manager, assess low/medium risk offenders including risk of harm screening; may be required "
        "to prepare fast delivery reports, including oral reports, on low risk cases",
        "Prepare sentence plan, implement and/or oversee interventions, review and evaluate.",
        "Supervise and motivate offenders in accordance with sentence plan.",
        "Follow enforcement procedures and process enforcement action as required.",
        "Enter all appropriate offender information onto computer records in accordance with national standards "
        "and other local requirements.",
        "Ensure contact is maintained with offenders in accordance with national standards.",
        "Refer to specialist agencies as required.",
        "May contribute to the supervision of appropriate aspects of high risk cases as determined by the team "
        "manager or MAPPA",
    ],
    "factors": [
        ("Job Knowledge", "4", "Requires knowledge of assessment and supervision, offender management requirements, "
         "approaches for low and medium risk offenders: acquired through on the job training\nPredominantly "
         "practical and procedural knowledge across technical/ specialist area"),
        ("Mental Skills", "3-4", "Contributes to overall offender assessments; prepares sentence plan; ensures "
         "appropriate arrangements in place to deliver plan, problem solving / undertakes offender assessment using "
         "assessment tools; prepares sentence plan; ensures appropriate arrangements in place to deliver plan, "
         "problem solving\nNeed to interpret information and solve varied problem; short term planning/ interpret "
         "complex information, medium term planning"),
        ("Interpersonal/ Communication Skills", "4(a)", "Interviewing skills, ability to work with groups or "
         "individuals, motivate offenders\nDeveloped interviewing, motivating skills in relation to offenders"),
        ("Physical Skills", "3", "Maintain case records, complete OASys forms, CRAMS\nKeyboard skills required for "
         "most aspects of work"),
        ("Initiative & Independence", "3-4", "Responsibility for an allocated caseload in line with offender "
         "management procedures/ overall responsibility, organise own workload\nWork within recognised procedures, "
         "some room for initiative/ organise own workload, deal with unanticipated problems"),
        ("Responsibility for People", "4(a)", "Undertakes assessment of offenders, prepare and oversee sentence "
         "plan\nImplement offender programmes, monitor compliance"),
        ("Responsibility for Supervision", "1", "No formal supervisory responsibility\nLimited or no direct "
         "responsibility"),
        ("Responsibility for Financial Resources", "1", "No mention of financial resources\nLimited or no direct "
         "responsibility"),
        ("Responsibility for Physical Resources", "2(a)", "Maintains offender case records\nHandle/process "
         "information"),
        ("Mental Demands", "3(c)", "Concentration for one to one assessment and supervision, court work\nMedium "
         "periods of concentrated mental attention"),
        ("Emotional Demands", "3(a)", "Unpredictable behaviour of offenders\nRegular emotional demands"),
        ("Physical Demands", "1", "No particular physical demands\nLimited physical effort"),
        ("Working Conditions", "2", "Office conditions, interviews in cells, home visits\nSome exposure to "
         "unpleasant conditions"),
    ],
}

PROFILE_55 = {
    "number": 55,
    "title": "Offender Manager Higher Level",
    "published_band": "4",
    "job_statement": [
        "Assess offenders of any category, including high risk of harm cases; prepare SDR/ fast delivery and other "
        "reports",
        "Prepare sentence plan, implement and/or oversee interventions, review and evaluate.",
        "Supervise and motivate offenders in accordance with sentence plan.",
        "Follow enforcement procedures and process enforcement action as required.",
        "Enter all appropriate offender information onto computer records in accordance with national standards "
        "and local requirements.",
        "Ensure contact is maintained with offenders in accordance with national standards.",
        "Refer to specialist agencies as required.",
        "Allocate interventions to offender manager/ supervisor.",
        "Maintain contact with offenders in custody.",
    ],
    "factors": [
        ("Job Knowledge", "5", "Requires knowledge of assessment and supervision, offender management requirements, "
         "approaches for all categories of offenders: acquired through training to DipPS, NVQ4 or equivalent\n"
         "Theoretical, practical and procedural knowledge in specialist area"),
        ("Mental Skills", "4", "Undertakes offender assessment using assessment tools, produce reports; prepares "
         "sentence plan; ensures appropriate arrangements in place to deliver plan, problem solving\nComplex facts, "
         "situations; medium term planning"),
        ("Interpersonal/ Communication Skills", "5(a)", "Interviewing skills, ability to work with groups or "
         "individuals, motivate offenders, including most challenging offenders\nHighly developed interviewing, "
         "motivating skills in relation to offenders"),
        ("Physical Skills", "3", "Maintain case records, complete OASys forms, CRAMS\nKeyboard skills required for "
         "most aspects of work"),
        ("Initiative & Independence", "4", "Overall responsibility for an allocated caseload in line with offender "
         "management procedures, organise own workload\nOrganise own workload, deal with unanticipated problems"),
        ("Responsibility for People", "5(a) (b)", "Undertakes assessment of offenders, including high risk "
         "offenders, prepare and oversee sentence plan\nImplement offender programmes, monitor compliance"),
        ("Responsibility for Supervision", "1-2", "No formal supervisory responsibility/ co-ordinate work of "
         "others within offender management team\nLimited or no direct responsibility/ some responsibility"),
        ("Responsibility for Financial Resources", "1", "No mention of financial resources\nLimited or no direct "
         "responsibility"),
        ("Responsibility for Physical Resources", "2(a)", "Maintains offender case records\nHandle/process "
         "information"),
        ("Mental Demands", "4(c)", "Continually monitor, review, assess high risk cases\nHigh levels of "
         "work-related pressure"),
        ("Emotional Demands", "3(a) (b) – 4(b)", "Unpredictable behaviour of offenders/ high risk offenders\n"
         "Regular emotional demands, occasional/intense emotional demands"),
        ("Physical Demands", "1", "No particular physical demands\nLimited physical effort"),
        ("Working Conditions", "2", "Office conditions, interviews in cells, home visits\nSome exposure to "
         "unpleasant conditions"),
    ],
}

BA_JOB_DESCRIPTION = {
    "document_ref": "OR JES 129 JD B3 : BA : Offender Management Hub v8.0",
    "document_type": "Management",
    "version": "8.0",
    "classification": "Official",
    "date_of_issue": datetime.date(2025, 4, 16),
    "status": "baselined",
    "produced_by": "Job Evaluation Assurance and Support Team",
    "authorised_by": "Reward Team",
    "job_title": "BA : Offender Management Hub",
    "group_profile": "Business Administrator",
    "organisation_level": "Delivery",
    "band": "3",
    "overview": "This is an administrative job in an establishment\n\nAll staff have a responsibility to safeguard "
                "and promote the welfare of children. The post holder must undertake the appropriate level of "
                "training and is responsible for ensuring that they understand and work within the safeguarding "
                "policies of the organisation.",
    "summary": "The job holder will provide administrative support within the Offender Management administrative "
               "hub maintaining administration systems and servicing the local courts within specified timescales "
               "for the establishment.\n\nThis is a rotational, non-operational job with no line management "
               "responsibilities.",
    "duties": "\n".join([
        "The job holder will be required to carry out the following responsibilities, activities and duties:",
        "Undertake the transactional activity associated with the Offender Management function. This includes "
        "processing the following paperwork ready for checking and onward transmission by the Hub Manager:",
        *[f"- {item}" for item in [
            "Discharge Report / Pre-Discharge Report", "Bail applications", "Release on Temporary License (ROTL)",
            "Home Detention Curfew (HDC)", "Offender Assessment and Sentence Management (OaSys)",
            "Multi-Agency Public Protection Arrangements (MAPPA)", "Re-categorisation",
            "Sentence calculations, including conduct initial checks", "Appeals",
            "Violent Sex Offender Register (VISOR)", "Multi-Agency Risk Assessment Planning (MARAP)",
            "Adjudications", "Indeterminate Sentence Prisoners", "Parole applications", "Legal Correspondence",
            "License Applications", "Resettlement overnight Release", "Prisoner Fines",
            "Foreign Nationals/Deportation/Immigration", "Risk to Children/Safeguarding Children",
            "Harassment/Restraining Orders", "Category A administration", "Recall paperwork", "Public Protection",
        ]],
        "Undertake other administrative tasks including:",
        *[f"- {item}" for item in [
            "Organise, produce and maintain accurate records for area of work",
            "Act as contact point for all communications to the team. Prioritise and distribute communications to "
            "the appropriate person or relevant department in establishment",
            "Complete monitoring returns for area of work",
            "Input requisitions on to the finance database and process requisitions for defined area of work",
            "Co-ordinate any awareness sessions for area of work",
            "Prepare paperwork for checking by Manager, conducting sentence calculations as required",
            "Correspond with relevant stakeholders and agencies to ensure that they are aware of information so "
            "that information is adequately shared",
            "Maintain and check establishment databases, manual filing systems and logs of information, responding "
            "within agreed timescales and producing reports as required",
            "Collate information relating to relevant Service Delivery Indicators (SDIs)",
            "Act as secretary to meetings as required including organising agenda, taking and , distributing "
            "minutes and action points",
        ]],
        "The duties/responsibilities listed above describe the post as it is at present and is not intended to be "
        "exhaustive. The Job holder is expected to accept reasonable alterations and additional tasks of a similar "
        "level that may be necessary. Significant adjustments may require re-examination under the Job Evaluation "
        "scheme and shall be discussed in the first instance with the Job Holder",
        "An ability to fulfil all spoken aspects of the role with the confidence through the medium of English or "
        "(where specified in Wales) Welsh.",
    ]),
    "behaviours": "\n".join(["Changing and Improving", "Communicating and Influencing", "Working Together",
                             "Managing a Quality Service", "Delivering at Pace"]),
    "hours": "37 hour working week",
}

# role code -> the rules its profile or job description gives
RULES = [
    {"role": "offender-manager", "profile": 54, "max_rosh": "medium", "may_prepare": False, "may_check": False,
     "basis": "Profile 54, job statement 1: assess low/medium risk offenders; may only contribute to aspects of "
              "high risk cases (statement 8)."},
    {"role": "senior-offender-manager", "profile": 55, "max_rosh": "very-high", "may_prepare": False,
     "may_check": False,
     "basis": "Profile 55, job statement 1: assess offenders of any category, including high risk of harm cases."},
    {"role": "business-administrator", "job_description": "OR JES 129 JD B3 : BA : Offender Management Hub",
     "max_rosh": "", "may_prepare": True, "may_check": False,
     "basis": "OR JES 129 v8.0, duties: processes paperwork ready for checking and onward transmission by the Hub "
              "Manager; prepares paperwork for checking by Manager. A Business Administrator prepares but does "
              "not check, and holds no cases."},
]
