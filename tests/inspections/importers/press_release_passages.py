"""The Probation Service era's press releases and report pages, as an editor pastes them, with what each states.

How the entries were chosen, from `fixtures/source/probation_service/SOURCES.md`, inspection by inspection:

- A page is one of HM Inspectorate of Probation's own pages quoted in an inspection's evidence: a press release
  or news item ("HMI press release", "HMI news item", the "JSC statement" press release), or a report page
  ("Report (…)"). Russell Webster, council minutes, blogs, newspapers and radio are left out, and so is the
  commentary around the quotes.
- A page's passage is what the editor pastes from it: the page's address as the first line (an editor copies from
  that page, so a month in its path, /2022/05/, or a year ending a report's address, …-pdu-2025, is stated), the
  title where SOURCES.md quotes it, then every quote SOURCES.md attributes to that page, verbatim, in order of first
  appearance, one paragraph each (a quote contained in another is given once; two quotes that overlap are joined).
  York's release has no recorded address, so its passage has none.
- An entry is one CSV row a page rates: the row's identity as the CSV has it (`ROWS`), and the values the passage itself
  states. What the CSV holds but the passage does not state (derived values, values from other sources, a standard
  whose rating word is not given, "insufficient" or "fell short" turned into a rating) is expected empty. A date is
  expected at the precision the passage gives it, and must agree with the CSV's date at that precision. A page that
  rates several units (the 2022 London releases, "The other is …") gives an entry for each unit it rates.
- Two readings follow from "only what the passage states": the JSC statement's address dates the statement, not the
  reports it counts, so its units get no date; and no dynamic inspection's passage says it carries no rating, so
  none expects "Not rated" (the CSV's is derived).
- `previous_row` names the CSV row a stated previous rating refers to: a later release is the only HMI passage
  quoted for West Sussex's 2022 inspection.
- `named=False`: the passage does not name the unit (a quote that begins "has received an overall rating"), so
  the reader must match no unit and say that it could not.
- `open_wording=True`: the passage counts standards without naming them ("eight out of nine", "three of our four
  core standards"), so the reader must fill no standard from it and say so.
"""

from dataclasses import dataclass, field

GOOD = "Good"
RI = "Requires improvement"
INADEQUATE = "Inadequate"
OUTSTANDING = "Outstanding"

SERVICE_DELIVERY_2023 = ("assessment", "planning", "implementation-and-delivery", "reviewing")
CASE_WORK_2021 = ("court-work", "assessment", "planning", "implementation-and-delivery", "reviewing")
UNIT_TYPES = {
    "pdu-2021": "pdu",
    "pdu-2023": "pdu",
    "region-2023": "region",
    "dipp-2025": "region",
    "national-2025": "national",
}


def passage(address, *paragraphs):
    """The text as pasted: the page's address (where recorded) on the first line, then each quote as a paragraph."""
    return "\n\n".join(([address] if address else []) + list(paragraphs))


@dataclass(frozen=True)
class Entry:
    id: str
    row: int  # the row's number among the CSV's data rows, from 1
    unit_name: str  # the row's identity, as in the CSV
    framework: str
    published: str
    inspection_number: str
    text: str
    overall: str | None = None
    date: str | None = None  # "2022-01", "2023-02-09" or "2025": at the precision the passage states
    standards: dict = field(default_factory=dict)  # standard slug -> rating word
    points: str | None = None
    sequence: int | None = None
    previous: tuple | None = None  # (rating word, year or None)
    previous_row: int | None = None
    named: bool = True
    open_wording: bool = False
    framework_stated: bool = False  # the passage's date or wording tells the framework

    @property
    def unit_type(self):
        return UNIT_TYPES[self.framework]


# ---- The pages -------------------------------------------------------------------------------------------------

SNPT_2022 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/01/snpt-pdu",
    "Swansea Neath Port Talbot Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate'",
    "This is the first PDU inspection under our new probation inspection methodology, introduced following the "
    "merging of Community Rehabilitation Companies (CRCs) and the National Probation Service (NPS) into a single "
    "unified Probation Service in June 2021.",
    "Swansea Neath Port Talbot PDU sits within the Probation Service – Wales region.",
)
GWENT_2022 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/02/gwent-pdu",
    "Gwent Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
    "The Inspectorate uses a four-point scale: 'Outstanding', 'Good', 'Requires improvement' and 'Inadequate', and "
    "rates specific aspects of each service as well as an overall rating. This is the second PDU inspection under our "
    "new probation inspection methodology",
    "Gwent PDU sits within the Probation Service – Wales region.",
    "In Wales, aspects of unification occurred in December 2019",
)
ESSEX_NORTH_2022 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/essex-north-probation-service-is-inadequate",
    "Essex North Probation Delivery Unit (PDU)* has received an overall rating of 'Inadequate'",
    "This was a concerning inspection with poor performance across the board at Essex North probation service and "
    "'Inadequate' ratings for eight out of nine of our quality standards.",
    "Only a quarter of the cases we inspected were sufficient in relation to the quality of work needed to keep the "
    "public safe",
)
JSC_STATEMENT = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/05/jsc-statement/",
    "Of the six inspections we have published since unification, we have rated four probation services 'Inadequate' "
    "and two as 'Requires improvement'. Two of the services – West Kent and Essex North – scored just one point out "
    "of a possible 27.",
    "Our first six inspections since then – the latest published this morning – bear this out.",
    "Wales and Kent, Surrey and Sussex East of England regions",
)
NORTHAMPTONSHIRE_2022 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/northamptonshire-probation-service-has-a-bright-future-"
    "but-requires-improvement",
    "Northamptonshire Probation Delivery Unit (PDU)* has received an overall rating of 'Requires improvement'",
    "the service was praised for the advice it provided to courts separately rated as 'Outstanding'",
    "This inspection made ten recommendations",
)
BIRMINGHAM_2022 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/08/birmingham-north-east-and-"
    "solihull-probation-service-rated-as-inadequate/",
    "has received an overall rating of 'Inadequate'",
    "sentence management across the board was rated as 'Inadequate'.",
    "re-allocate over 4,000 cases to different teams and integrate 60 staff after the central Community "
    "Rehabilitation Company (CRC) office was shut down",
)
WARWICKSHIRE_2022 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/08/warwickshire-probation-service-"
    "has-a-good-foundation-but-requires-improvement",
    "Warwickshire Probation Delivery Unit (PDU)* has received an overall rating of 'Requires improvement'",
    "Warwickshire was the highest scoring service out of our three inspections of Probation Delivery Units in the "
    "West Midlands region",
    "only nine per cent of the inspected cases showing sufficient work had been carried out to reduce the risk of harm",
)
STAFFORDSHIRE_2022 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/08/staffordshire-and-stoke-pdu/",
    "Staffordshire and Stoke Probation Delivery Unit (PDU)* has received an overall rating of 'Inadequate' ... – "
    "scoring only two points out of a possible 27.",
    "Across all five dimensions of case work inspected, provision was rated as 'inadequate'",
    "The Inspectorate made seven recommendations",
)
LONDON_TRIO = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/inspectorate-calls-for-urgent-action-as-trio-of-london-"
    "probation-services-rated-inadequate",
    "Inspectorate calls for urgent action as trio of London probation services rated 'Inadequate'",
    "Hammersmith, Fulham, Kensington, Chelsea and Westminster PDU, Lambeth PDU and Ealing and Hillingdon PDU each "
    "received the lowest rating possible ('Inadequate')",
    "Hammersmith, Fulham, Kensington, Chelsea and Westminster PDU received zero out of a total of 27 inspection "
    "points.",
    "For a probation delivery unit not to score a single inspection point is something I did not expect",
    "even where people on probation did have an allocated officer, we found poor management of cases, with a rating "
    "of 'Inadequate' for all five of our case quality standards",
    "Both Lambeth PDU and Ealing and Hillingdon PDU each scored just three points.",
)
LONDON_FINAL = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/11/final-london-pdus/",
    "were all rated 'Inadequate' in reports published in October 2022",
    "Lewisham and Bromley PDU has been rated as 'Inadequate' – the lowest rating possible",
    "with inspections of Newham PDU and Barking, Dagenham and Havering PDU both rated as 'Requires improvement'. They "
    "join Hammersmith, Fulham, Kensington, Chelsea and Westminster PDU, Lambeth PDU and Ealing and Hillingdon PDU ... "
    "in completing our inspections of a third of the city's probation services.",
    "Only 25 per cent of cases we inspected were satisfactory in relation to their assessment of risk of serious harm.",
)
NORTH_EAST_2022 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/12/north-east-pdus/",
    "South Tyneside and Gateshead PDU has been rated 'Good' – this is the highest rating a PDU has achieved in this "
    "inspection cycle since the Probation Service was re-unified in June 2021. Redcar, Cleveland and Middlesbrough PDU "
    "has been rated 'Requires improvement'. However, inspectors noted 'numerous positives'",
)
DERBY_CITY_2023 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2023/02/derby-city-pdu/",
    "The probation service, also known as a Probation Delivery Unit (PDU*), in Derby City has been rated as "
    "'Requires improvement' ... This inspection is one of two carried out in the Probation Service – East Midlands "
    "region recently. The second is Leicester, Leicestershire and Rutland PDU, which received an overall rating of "
    "'Inadequate' (also published on 09 February 2023).",
)
LEICESTER_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=1458",
    "The probation service, also known as a Probation Delivery Unit (PDU*), for Leicester, Leicestershire and Rutland "
    "has been rated as 'Inadequate' ... – scoring just two inspection points out a possible 27. This inspection is one "
    "of two carried out in the Probation Service – East Midlands region recently. The second is Derby City PDU, which "
    "received an overall rating of 'Requires improvement' (also published on 09 February 2023).",
)
KIRKLEES_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/probation-service-in-kirklees-rated-inadequate",
    "in Kirklees has been rated as 'Inadequate' ... The other three are Sheffield PDU (rated 'Inadequate'), Hull and "
    "East Riding PDU (rated 'Requires improvement') and North and North East Lincolnshire PDU (rated 'Requires "
    "improvement'). These reports were published on 30 March 2023.",
)
SHEFFIELD_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=1496",
    "in Sheffield has been rated as 'Inadequate' ... – scoring just one point out of a possible 27.",
)
LINCOLNSHIRE_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/probation-service-in-north-and-north-east-lincolnshire-"
    "requires-improvement",
    "North and North East Lincolnshire has been rated as 'Requires improvement' ... This inspection is one of four "
    "carried out in the Probation Service – Yorkshire and the Humber region. The other three are Kirklees PDU (rated "
    "'Inadequate'), Sheffield PDU (rated 'Inadequate') and Hull and East Riding PDU (rates 'Requires improvement'). "
    "These reports were published on 30 March 2023.",
)
HULL_2023 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2023/03/hulleastridingpdu2023/",
    "in Hull and East Riding has been rated as 'Requires improvement'",
    "vacancy rate for probation officers was 27 per cent",
)
MANCHESTER_NORTH_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/probation-service-for-manchester-north-requires-improvement",
    "in Manchester North has been rated as 'Requires improvement' ... This inspection was one of three carried out in "
    "the Probation Service – Greater Manchester region recently. The other two are Tameside PDU and Wigan PDU, which "
    "both received an overall rating of 'Requires improvement' (also published on 25 May 2023).",
)
TAMESIDE_2023 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2023/05/tameside-pdu/",
    "in Tameside has been rated as 'Requires improvement'",
    "only half of the probation officers they need",
)
WIGAN_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/probation-service-for-wigan-requires-improvement",
    "in Wigan has been rated as 'Requires improvement'",
)
BLACKBURN_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/probation-service-for-blackburn-with-darwen-requires-"
    "improvement-but-is-rising-to-the-challenge",
    "in Blackburn with Darwen has been rated as 'Requires improvement' ... This inspection was one of two carried out "
    "in the Probation Service – North West region recently. The other is Cheshire West PDU, which also received a "
    "rating of 'Requires improvement' (also published on 01 June 2023).",
    "they have a full complement of staff",
)
KNOWSLEY_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/probation-service-for-knowsley-and-st-helens-rated-"
    "inadequate",
    "in Knowsley and St Helens has been rated as 'Inadequate' ... the other is Liverpool North PDU, which also "
    "received a rating of 'Inadequate' (published on 29 June 2023). We have completed four inspections in the "
    "Probation Service – North West region.",
    "Only 24 per cent of cases inspected showed sufficient assessment of the potential risk of serious harm",
)
CUMBRIA_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/probation-service-for-cumbria-requires-improvement",
    "in Cumbria has been rated as 'Requires improvement'. We have completed five inspections in the Probation Service "
    "– North West region. The others are Cheshire West PDU and Blackburn with Darwen PDU (both rated 'Requires "
    "improvement'), and Liverpool North PDU and Knowsley and St Helens PDU (both rated 'Inadequate').",
    "Cumbria PDU has few vacancies",
    "managing people on probation across a large rural area",
)
SOMERSET_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/promising-probation-service-for-somerset-requires-"
    "improvement",
    "for Somerset has been rated as 'Requires improvement'",
)
DORSET_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=2050",
    "in Dorset has been rated as 'Inadequate'. This is the second published PDU inspection we have completed in the "
    "Probation Service – South West region. The other is Somerset PDU, which received a rating of 'Requires "
    "improvement'",
    "45 per cent vacancy rate for qualified probation officers",
)
BRISTOL_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/probation-service-for-bristol-and-south-gloucestershire-"
    "rated-requires-improvement",
    "for Bristol and South Gloucestershire has been rated as 'Requires improvement'. This is the third published PDU "
    "inspection we have completed in the Probation Service – South West region. The others are Somerset PDU which "
    "received a rating of 'Requires improvement' and Dorset PDU which received a rating of 'Inadequate'.",
)
PORTSMOUTH_2023 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=2045",
    "for Portsmouth and the Isle of Wight has been rated as 'Requires improvement'",
)
EAST_BERKSHIRE_2023 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2023/07/ebpdu2023/",
    "in East Berkshire has been rated as 'Inadequate'. This is the second published PDU inspection we have completed "
    "in the Probation Service – South Central region. The other is Portsmouth and the Isle of Wight PDU, which "
    "received a rating of 'Requires improvement'.",
)
WEST_SUSSEX_2024 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=1100",
    "West Sussex Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate' ... This follows the "
    "PDU's last inspection in 2022, when the service was also rated 'Inadequate'.",
    "casework across all four service delivery standards we inspected was 'Inadequate'",
)
BRIGHTON_2024 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/brighton-and-east-sussex-pdu-rated-as-requires-improvement",
    "Brighton and East Sussex Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
    "The inspection revealed strong leadership",
)
SURREY_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/03/surreypn24",
    "Surrey Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate'",
    "the PDU had been authorised by the Chief Probation Officer to operate as a 'red' site under the Prioritisation "
    "Framework",
)
WEST_KENT_2024 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/west-kent-pdu-rated-as-requires-improvement",
    "West Kent Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
    "the Creating Future Opportunities (CFO) hub in Medway",
)
KSS_REGION_2024 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/05/pskss2024/",
    "Probation services in Kent, Surrey and Sussex (KSS) have received an overall regional rating of 'Requires "
    "improvement' ... This was the first regional inspection of the Inspectorate's current programme ... particularly "
    "poor and concerning results in the quality of court reports and public protection. In contrast, statutory victim "
    "work was delivered to a high standard.",
    "statutory victim work in the region was very strong and rated 'Outstanding'",
    "only 22 per cent of cases we inspected were judged sufficient",
)
NORFOLK_2024 = passage(
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/05/norfolkpdu2024/",
    "Norfolk Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate'",
)
SUFFOLK_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/?p=23184",
    "Suffolk Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
    "a thematic report published January 2024",
)
ESSEX_SOUTH_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/?p=23423",
    "Essex South Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement' ... This is "
    "the first inspection of this PDU",
    "only where 23 per cent of cases inspected were judged to effectively support the safety of other people",
)
ESSEX_NORTH_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/08/essexnorthpdu2024",
    "Essex North Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement' ... This is "
    "the second inspection of this PDU since it was established under the unification of probation services in 2021, "
    "having previously been rated 'Inadequate' in 2022.",
    "Inspectors found casework across all four of the Inspectorate's delivery standards to be 'Inadequate', despite "
    "the strong strategic approach and direction shown by PDU leaders.",
    "41 per cent of its target number of Probation Officers (POs) in post",
    "Management oversight was found to be missing or insufficient in 83 per cent of the cases",
)
CAMBRIDGESHIRE_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/?p=23419",
    "has received an overall rating of 'Inadequate' ... This is the first inspection of this PDU",
)
BEDFORDSHIRE_2024 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/bedfordshire-probation-services-requires-improvement-but-"
    "are-determined-to-improve",
    "Bedfordshire Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
)
HERTFORDSHIRE_2024 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=1137",
    "Hertfordshire Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
    "11 out of 54 cases inspected having an inaccurate risk of harm classification",
)
NORTHAMPTONSHIRE_2024 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/call-for-urgent-national-action-to-support-estate-"
    "improvements-at-inadequate-northamptonshire-pdu",
    "Northamptonshire Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate'",
    "As previously highlighted in a May 2022 inspection of Northamptonshire PDU",
    "vacancy rate for Probation Officers (POs) was 40 per cent",
)
EAST_OF_ENGLAND_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/?p=23793",
    "Probation services in the East of England region have received an overall regional rating of 'Requires "
    "improvement'",
    "the quality of statutory victim work (see notes to editor) was found to be 'Outstanding' in the region",
)
SHEFFIELD_2024 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=570",
    "Sheffield Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate' ... This is the second "
    "inspection ... previously being rated 'Inadequate' in a report published in March 2023.",
)
KIRKLEES_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/11/kyathpdu2024",
    "Kirklees Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate'. This is the second "
    "inspection of this PDU ... following a previous 'Inadequate' rating in March 2023.",
    "management oversight was found to be missing, insufficient, or ineffective in nearly all cases",
    "The report makes eight recommendations",
)
LINCOLNSHIRE_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/12/nnelyathpdu2024",
    "North and North East Lincolnshire Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate' "
    "... This is the second inspection of North and North East Lincolnshire PDU ... after being rated as 'Requires "
    "improvement' in March 2023.",
    "Unlike many PDUs inspected over the last 11 months",
)
BARNSLEY_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/?p=24031",
    "Barnsley and Rotherham Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate' ... This is "
    "the first inspection of this PDU",
    "The inspection found the quality of work to assess and manage risk in the community to be inadequate",
    "Inspectors were impressed with the services available",
    "both the Barnsley and Rotherham offices",
)
LEEDS_2024 = passage(
    "https://justiceinspectorates.gov.uk/hmiprobation/?p=24068",
    "Leeds Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate'",
    "The report makes seven recommendations",
)
WAKEFIELD_2024 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/wakefield-pdu-rated-requires-improvement-but-building-"
    "blocks-for-success-in-place",
    "Wakefield Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
    "Wakefield PDU had some of the best results seen in our recent probation inspections",
)
YORK_2024 = passage(
    None,
    "'Significant resourcing challenges' facing 'Inadequate' York PDU",
    "York Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate' ... This is the first "
    "inspection of York PDU",
    "York PDU is the smallest in England and Wales",
)
NORTH_YORKSHIRE_2024 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/fundamentally-healthy-north-yorkshire-pdu-rated-requires-"
    "improvement",
    "North Yorkshire Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement' ... This "
    "is the first inspection of North Yorkshire PDU since it was established",
    "judged to be insufficient across all stages of sentence management",
)
NOTTINGHAM_2025 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/improvements-needed-as-nottingham-city-pdu-and-"
    "nottinghamshire-pdu-are-rated-inadequate",
    "Nottingham City Probation Delivery Unit (PDU) and Nottinghamshire PDU have both received an overall rating of "
    "'Inadequate' ... These are the first inspections of these PDUs ... These PDUs were inspected separately, and two "
    "reports have been published.",
    "When safeguarding information was received, it was only used in 22 per cent of cases",
    "despite a strong identity and cohesive team spirit, service delivery was insufficient.",
)
DERBYSHIRE_2025 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/several-significant-problems-found-at-derbyshire-probation-"
    "delivery-unit",
    "Derbyshire Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate' ... This is the first "
    "inspection of this PDU since it was established under the unification of probation services in 2021.",
    "deficits across all standards of our inspection casework",
    "only 34 per cent of cases examined ... assessed as sufficient",
)
DERBY_CITY_2025 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/some-stability-leading-to-promising-work-at-derby-city-"
    "probation-delivery-unit-inspection-finds",
    "Derby City Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement' ... This is the "
    "second inspection of the PDU since the reunification of the Probation Service in 2021, and was last inspected "
    "2023, when it was rated as 'Requires improvement' overall.",
    "promising work on desistance ... the strongest results seen in our recent probation inspections",
)
LEICESTER_2025 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/considerable-challenges-remain-as-leicester-leicestershire-"
    "and-rutland-pdu-rated-inadequate",
    "Leicester, Leicestershire and Rutland PDU have received an overall rating of 'Inadequate'. This is the second "
    "inspection of this PDU ... having previously been rated 'Inadequate' in 2022.",
)
EAST_MIDLANDS_REGION_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/probation-services-in-the-east-midlands-region-receive-an-"
    "overall-regional-rating-of-inadequate",
    "Probation services in the East Midlands region of the Probation Service have received an overall regional rating "
    "of 'Inadequate'",
)
EAST_MIDLANDS_REGION_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-east-midlands-region",
    "This was the first inspection of probation services in the East Midlands region under the new inspection "
    "programme which started in October 2023.",
    "The region will be disappointed to be rated as 'Inadequate' overall.",
)
DURHAM_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-in-county-durham-"
    "and-darlington-pdu-2025",
    "Therefore, we have given the PDU an overall rating of 'Inadequate'.",
    "Reoffending rates within the PDU's caseload were notably higher than the national average.",
)
DURHAM_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/challenging-caseload-at-county-durham-and-darlington-"
    "probation-delivery-unit-rated-inadequate-following-inspection",
    "Challenging caseload at County Durham and Darlington Probation Delivery Unit rated 'Inadequate' following "
    "inspection",
)
GATESHEAD_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=4259",
    "we saw a concerning decline in the quality of some of the work ... This led to an overall rating of 'Requires "
    "improvement'.",
)
NEWCASTLE_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/significant-deficits-in-casework-at-newcastle-upon-tyne-"
    "probation-delivery-unit-rated-inadequate",
    "Newcastle Upon Tyne PDU has received an overall rating of 'Inadequate'",
    "Inspectors found significant deficits across all aspects of casework",
)
NEWCASTLE_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=4080",
    "This was the first inspection of Newcastle upon Tyne Probation Delivery Unit ... the quality of work to manage "
    "people on probation was insufficient in all four of our standards. As a result of the poor case scores, overall, "
    "the PDU is rated 'Inadequate'.",
)
NORTH_TYNESIDE_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/north-tyneside-and-northumberland-probation-delivery-unit-"
    "well-placed-to-make-necessary-improvements",
    "North Tyneside and Northumberland Probation Delivery Unit (PDU) has received an overall rating of 'Requires "
    "improvement'",
)
REDCAR_2025 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=4659",
    "Redcar, Cleveland and Middlesbrough Probation Delivery Unit (PDU) has received an overall rating of 'Requires "
    "improvement'",
    "compared to our last inspection in 2022",
    "Leadership was found to be a key strength at the PDU",
    "two thirds of cases inspected did not have effective management oversight",
)
STOCKTON_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/solid-foundations-in-place-at-stockton-and-hartlepool-"
    "probation-delivery-unit-rated-requires-improvement",
    "Stockton and Hartlepool Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
)
STOCKTON_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-in-stockton-and-"
    "hartlepool-pdu-2025",
    "the overall quality of work to keep people safe had deficits across three of four inspection quality standards, "
    "which resulted in a rating of 'Requires improvement'.",
    "staff vacancy rate for the PDU was 10 per cent",
    "assessment of risk of harm was sufficient in only 33 per cent",
)
SUNDERLAND_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=4510",
    "Sunderland Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'. This is the "
    "first inspection of this PDU",
)
SUNDERLAND_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-in-sunderland-pdu-"
    "2025",
    "the quality of case management fell short in three of our four core standards. Due to the overall poor "
    "performance in these areas, the PDU has been rated as 'Requires improvement'.",
)
NORTH_EAST_REGION_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-north-east-region-"
    "2025",
    "The region was therefore rated 'Requires improvement' overall, although the results for the region in general, in "
    "particular the work on desistance and engagement, were the best seen so far across this programme.",
    "The assessment of risk of harm was sufficient in only 35 per cent of cases",
)
SNPT_2025 = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/swansea-neath-port-talbot-probation-delivery-unit-requires-"
    "improvement",
    "Swansea Neath Port Talbot Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
    "from October 2025, HM Inspectorate of Probation will be undertaking a new, six-month Dynamic Inspection",
    "head of service had only been in role since January 2025",
)
NORTH_WALES_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/strong-foundation-at-north-wales-probation-delivery-unit-"
    "rated-requires-improvement",
    "North Wales Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
    "North Wales PDU achieved some of the highest scores seen in recent inspections",
    "from October 2025, HM Inspectorate of Probation is undertaking",
)
NORTH_WALES_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-in-north-wales-pdu-"
    "2025",
    "the assessment and management of risk of harm was not effective enough overall, and as a result the PDU was rated "
    "as 'Requires improvement'.",
    "North Wales PDU covers a vast geographical area",
    "Wrexham and Flintshire staff",
)
CARDIFF_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/urgent-and-sustained-attention-needed-at-cardiff-and-the-"
    "vale-probation-delivery-unit-rated-inadequate",
    "Cardiff and the Vale Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate'",
    "Casework in all four of our service delivery standards was insufficient, resulting in the overall rating of "
    "'Inadequate'.",
    "from October 2025 HM Inspectorate of Probation is undertaking a new, six-month Dynamic Inspection",
)
CARDIFF_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-in-cardiff-and-the-"
    "vale-pdu-2025",
    "Casework across all four service delivery standards we inspected was 'Inadequate'",
    "people on probation living in Cardiff and the Vale of Glamorgan",
)
CWM_TAF_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-in-cwm-taf-"
    "morgannwg-pdu-2025",
    "awarded a 'Good' rating for leadership. The overall rating is 'Requires improvement'",
    "the inspection found that the quality of service delivery, particularly in keeping people safe, was inadequate",
)
CWM_TAF_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/cwm-taf-morgannwg-probation-delivery-unit-rated-as-"
    "requires-improvement-following-inspection",
    "has received an overall rating of 'Requires improvement'",
    "planning to keep other people safe was sufficient in just over a third of cases",
)
DYFED_POWYS_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-in-dyfed-powys-pdu-"
    "2025",
    "As a result, the PDU was rated 'Requires improvement' overall.",
)
GWENT_2025_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=5870",
    "Gwent Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'",
    "since October 2025 HM Inspectorate of Probation has been undertaking a new, six-month Dynamic Inspection",
)
GWENT_2025_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-in-gwent-2025",
    "the PDU was rated 'Requires improvement' overall.",
    "The work to keep actual and potential victims safe was insufficient across all our inspection standards.",
)
WALES_REGION_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=6150",
    "as we have found in every region we have visited to date under our current inspection model, keeping people safe "
    "continued to be the area of work that undermined much of what was positive. We saw this not just in the casework "
    "we looked at in PDUs, but in other work managed regionally, including work at courts, unpaid work and "
    "resettlement.",
    "As a consequence, the overall rating for Wales was 'Requires improvement'.",
)
WALES_REGION_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/strong-focus-on-innovation-across-probation-service-in-"
    "wales-despite-rating-of-requires-improvement-inspection-finds",
    "Probation services in the Wales region of the Probation Service have received an overall regional rating of "
    "'Requires improvement'",
    "This report makes six recommendations to the region",
)
NATIONAL_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/national-inspection-april-2025",
    "This inspection examined the sufficiency of national arrangements across His Majesty's Prison and Probation "
    "Service (HMPPS) ... we have rated the sufficiency of these arrangements as 'Requires improvement' overall.",
    "strengths in relation to information and communication technology (ICT) and digital services",
)
NATIONAL_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/major-shortfalls-found-in-national-arrangements-of-the-"
    "probation-service",
    "resulting in an overall rating of 'Requires improvement'.",
    "National arrangements for the provision of services were rated 'Inadequate'.",
)
KSS_DIPP_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=6467",
    "This report is the first to be published from HM Inspectorate of Probation's new Dynamic Inspection of Public "
    "Protection programme.",
    "Fifty-six cases were inspected",
    "At the time of the inspection (November 2025)",
    "met the required standard in less than half of cases for 'assessment' and 'implementation and delivery'",
)
KSS_DIPP_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=6464",
    "Dynamic Inspection of Public Protection in Kent, Surrey and Sussex ... Chief Inspector's judgement",
)
SOUTH_CENTRAL_DIPP_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/chief-inspector-of-probation-highlights-systemic-public-"
    "protection-challenges-in-south-central-region-of-probation-service",
    "This report is the second to be published from HM Inspectorate of Probation's new Dynamic Inspection of Public "
    "Protection programme.",
    "Fifty-six cases were inspected",
    "At the time of the inspection (November 2025)",
)
SOUTH_CENTRAL_DIPP_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/dynamic-inspection-of-public-protection-in-south-"
    "central-region-2026",
    "In the cases inspected, just over a third were sufficient in assessing risk of harm appropriately.",
)
SOUTH_WEST_DIPP_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/inspectorate-concerned-by-quality-of-work-to-keep-people-"
    "safe-following-inspection-of-probation-services-in-the-south-west-region",
    "This report is the third to be published from HM Inspectorate of Probation's new Dynamic Inspection of Public "
    "Protection programme.",
    "Sixty-four cases were inspected",
    "The South West region of the Probation Service covers nine Probation Delivery Units (PDUs), Cornwall & Isles of "
    "Scilly, Devon & Torbay, Dorset, Plymouth, Bath & North Somerset, Bristol & South Gloucestershire, "
    "Gloucestershire, Somerset and Swindon & Wiltshire.",
    "Recruitment efforts since our last inspection in 2023",
)
SOUTH_WEST_DIPP_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/dynamic-inspection-of-public-protection-in-south-west-"
    "region",
    "fewer than half of cases met the sufficient standard for keeping people safe in assessment, implementation and "
    "delivery, and reviewing activity.",
)
GREATER_MANCHESTER_DIPP_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/gaps-in-public-protection-practice-in-greater-manchester-"
    "region-of-the-probation-service",
    "This report is the fourth to be published from HM Inspectorate of Probation's new Dynamic Inspection of Public "
    "Protection programme.",
    "Seventy-two cases were inspected",
    "The Greater Manchester region of the Probation Service covers eight Probation Delivery Units (PDUs), Bolton, Bury "
    "& Rochdale, Manchester North, Manchester South, Oldham, Salford & Trafford, Stockport & Tameside, and Wigan.",
    "Less than half of the cases inspected met the required standard to keep people safe",
)
GREATER_MANCHESTER_DIPP_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/dynamic-inspection-of-public-protection-in-greater-"
    "manchester",
    "Chief Inspector's judgment",
)
WEST_MIDLANDS_DIPP_RELEASE = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/news/significant-shortfalls-in-public-protection-practice-found-"
    "in-west-midlands-region-of-the-probation-service",
    "Eighty-four cases were inspected",
    "The West Midlands region of the Probation Service covers 11 Probation Delivery Units (PDUs).",
    "effective work to keep people safe being evident in less than half of the assignments inspected (49 per cent)",
)
WEST_MIDLANDS_DIPP_REPORT = passage(
    "https://hmiprobation.justiceinspectorates.gov.uk/document/dynamic-inspection-of-public-protection-in-west-"
    "midlands-region-2026",
    "Chief Inspector's judgement",
)


# ---- The entries: each CSV row a page rates ---------------------------------------------------------------------

# The CSV rows the entries concern: (unit_name, framework, published, inspection_number_for_unit), as in the CSV.
ROWS = {
    1: ("Swansea Neath Port Talbot PDU", "pdu-2021", "2022-01", "first"),
    2: ("Gwent PDU", "pdu-2021", "2022-02", "first"),
    3: ("Essex North PDU", "pdu-2021", "2022-05-17", "first"),
    4: ("Northamptonshire PDU", "pdu-2021", "2022-05-17", "first"),
    5: ("West Kent PDU", "pdu-2021", "2022", "first"),
    7: ("Birmingham North, East and Solihull PDU", "pdu-2021", "2022-08", "first"),
    8: ("Warwickshire PDU", "pdu-2021", "2022-08", "first"),
    9: ("Staffordshire and Stoke PDU", "pdu-2021", "2022-08", "first"),
    10: ("Hammersmith, Fulham, Kensington, Chelsea and Westminster PDU", "pdu-2021", "2022-10", "first"),
    11: ("Lambeth PDU", "pdu-2021", "2022-10", "first"),
    12: ("Ealing and Hillingdon PDU", "pdu-2021", "2022-10", "first"),
    13: ("Lewisham and Bromley PDU", "pdu-2021", "2022-11-23", "first"),
    14: ("Newham PDU", "pdu-2021", "2022-11-23", "first"),
    15: ("Barking, Dagenham and Havering PDU", "pdu-2021", "2022-11-23", "first"),
    16: ("South Tyneside and Gateshead PDU", "pdu-2021", "2022-12", "first"),
    17: ("Redcar, Cleveland and Middlesbrough PDU", "pdu-2021", "2022-12", "first"),
    18: ("Derby City PDU", "pdu-2021", "2023-02-09", "first"),
    19: ("Leicester, Leicestershire and Rutland PDU", "pdu-2021", "2023-02-09", "first"),
    20: ("Kirklees PDU", "pdu-2021", "2023-03-30", "first"),
    21: ("Sheffield PDU", "pdu-2021", "2023-03-30", "first"),
    22: ("Hull and East Riding PDU", "pdu-2021", "2023-03-30", "first"),
    23: ("North and North East Lincolnshire PDU", "pdu-2021", "2023-03-30", "first"),
    24: ("Manchester North PDU", "pdu-2021", "2023-05-25", "first"),
    25: ("Tameside PDU", "pdu-2021", "2023-05-25", "first"),
    26: ("Wigan PDU", "pdu-2021", "2023-05-25", "first"),
    27: ("Blackburn with Darwen PDU", "pdu-2021", "2023-06-01", "first"),
    28: ("Cheshire West PDU", "pdu-2021", "2023-06-01", "first"),
    29: ("Liverpool North PDU", "pdu-2021", "2023-06-29", "first"),
    30: ("Knowsley and St Helens PDU", "pdu-2021", "2023-06-29", "first"),
    31: ("Cumbria PDU", "pdu-2021", "2023", "first"),
    32: ("Somerset PDU", "pdu-2021", "2023-08", "first"),
    33: ("Dorset PDU", "pdu-2021", "2023", "first"),
    34: ("Bristol and South Gloucestershire PDU", "pdu-2021", "2023-08", "first"),
    35: ("Portsmouth and the Isle of Wight PDU", "pdu-2021", "2023", "first"),
    36: ("East Berkshire PDU", "pdu-2021", "2023-07", "first"),
    37: ("West Sussex PDU", "pdu-2023", "2024-02", "second"),
    38: ("Brighton and East Sussex PDU", "pdu-2023", "2024-02", ""),
    39: ("Surrey PDU", "pdu-2023", "2024-03", ""),
    41: ("West Kent PDU", "pdu-2023", "", "second"),
    42: ("Kent, Surrey and Sussex region", "region-2023", "2024-05", "first"),
    43: ("Norfolk PDU", "pdu-2023", "2024-05", ""),
    44: ("Suffolk PDU", "pdu-2023", "", ""),
    45: ("Essex South PDU", "pdu-2023", "", "first"),
    46: ("Essex North PDU", "pdu-2023", "2024-08", "second"),
    47: ("Cambridgeshire and Peterborough PDU", "pdu-2023", "2024-07", "first"),
    48: ("Bedfordshire PDU", "pdu-2023", "", ""),
    49: ("Hertfordshire PDU", "pdu-2023", "", ""),
    50: ("Northamptonshire PDU", "pdu-2023", "", "second"),
    51: ("East of England region", "region-2023", "2024", "first"),
    53: ("Sheffield PDU", "pdu-2023", "2024-10-24", "second"),
    54: ("Kirklees PDU", "pdu-2023", "2024-11", "second"),
    55: ("North and North East Lincolnshire PDU", "pdu-2023", "2024-12", "second"),
    56: ("Barnsley and Rotherham PDU", "pdu-2023", "", "first"),
    57: ("Leeds PDU", "pdu-2023", "", ""),
    58: ("Wakefield PDU", "pdu-2023", "", ""),
    60: ("York PDU", "pdu-2023", "", "first"),
    61: ("North Yorkshire PDU", "pdu-2023", "", "first"),
    64: ("Nottingham City PDU", "pdu-2023", "", "first"),
    65: ("Nottinghamshire PDU", "pdu-2023", "", "first"),
    66: ("Derbyshire PDU", "pdu-2023", "", "first"),
    67: ("Derby City PDU", "pdu-2023", "", "second"),
    68: ("Leicester, Leicestershire and Rutland PDU", "pdu-2023", "2025-05", "second"),
    70: ("East Midlands region", "region-2023", "", "first"),
    71: ("County Durham and Darlington PDU", "pdu-2023", "2025", ""),
    72: ("Gateshead and South Tyneside PDU", "pdu-2023", "", "second"),
    73: ("Newcastle Upon Tyne PDU", "pdu-2023", "", "first"),
    74: ("North Tyneside and Northumberland PDU", "pdu-2023", "2025-07", ""),
    75: ("Redcar, Cleveland and Middlesbrough PDU", "pdu-2023", "", "second"),
    76: ("Stockton and Hartlepool PDU", "pdu-2023", "2025", ""),
    77: ("Sunderland PDU", "pdu-2023", "2025", "first"),
    78: ("North East region", "region-2023", "2025", "first"),
    79: ("Swansea Neath Port Talbot PDU", "pdu-2023", "2025", "second"),
    80: ("North Wales PDU", "pdu-2023", "2025", ""),
    81: ("Cardiff and the Vale PDU", "pdu-2023", "2025", ""),
    82: ("Cwm Taf Morgannwg PDU", "pdu-2023", "2025", ""),
    83: ("Dyfed Powys PDU", "pdu-2023", "2025-10", ""),
    84: ("Gwent PDU", "pdu-2023", "2025", "second"),
    85: ("Wales region", "region-2023", "", "first"),
    86: ("National inspection of HMPPS national arrangements", "national-2025", "2025-04-29", "first"),
    87: ("Kent, Surrey and Sussex region", "dipp-2025", "2026-01-29", ""),
    88: ("South Central region", "dipp-2025", "2026", ""),
    89: ("South West region", "dipp-2025", "2026", ""),
    90: ("Greater Manchester region", "dipp-2025", "2026", ""),
    91: ("West Midlands region", "dipp-2025", "2026", ""),
}


def _entries():
    def e(entry_id, row, text, **values):
        unit_name, framework, published, inspection_number = ROWS[row]
        return Entry(entry_id, row, unit_name, framework, published, inspection_number, text, **values)

    # fmt: off
    return [
        # -- 2021 model
        e("snpt-2022", 1, SNPT_2022, overall=INADEQUATE, date="2022-01", sequence=1, framework_stated=True),
        e("gwent-2022", 2, GWENT_2022, overall=RI, date="2022-02", framework_stated=True),
        e("essex-north-2022", 3, ESSEX_NORTH_2022, overall=INADEQUATE, open_wording=True, framework_stated=True),
        e("jsc-statement-essex-north", 3, JSC_STATEMENT, points="1/27"),
        e("northamptonshire-2022", 4, NORTHAMPTONSHIRE_2022, overall=RI, standards={"court-work": OUTSTANDING},
          framework_stated=True),
        e("jsc-statement-west-kent", 5, JSC_STATEMENT, points="1/27"),
        e("birmingham-2022", 7, BIRMINGHAM_2022, overall=INADEQUATE, date="2022-08", framework_stated=True),
        e("warwickshire-2022", 8, WARWICKSHIRE_2022, overall=RI, date="2022-08", framework_stated=True),
        e("staffordshire-2022", 9, STAFFORDSHIRE_2022, overall=INADEQUATE, date="2022-08",
          standards=dict.fromkeys(CASE_WORK_2021, INADEQUATE), points="2/27", framework_stated=True),
        e("london-trio-hammersmith", 10, LONDON_TRIO, overall=INADEQUATE, points="0/27"),
        e("london-trio-lambeth", 11, LONDON_TRIO, overall=INADEQUATE, points="3/27"),
        e("london-trio-ealing", 12, LONDON_TRIO, overall=INADEQUATE, points="3/27"),
        e("london-final-lewisham", 13, LONDON_FINAL, overall=INADEQUATE, date="2022-11", framework_stated=True),
        e("london-final-newham", 14, LONDON_FINAL, overall=RI, date="2022-11", framework_stated=True),
        e("london-final-barking", 15, LONDON_FINAL, overall=RI, date="2022-11", framework_stated=True),
        e("north-east-2022-gateshead", 16, NORTH_EAST_2022, overall=GOOD, date="2022-12", framework_stated=True),
        e("north-east-2022-redcar", 17, NORTH_EAST_2022, overall=RI, date="2022-12", framework_stated=True),
        e("derby-city-2023", 18, DERBY_CITY_2023, overall=RI, date="2023-02-09", framework_stated=True),
        e("derby-city-2023-leicester", 19, DERBY_CITY_2023, overall=INADEQUATE, date="2023-02-09",
          framework_stated=True),
        e("leicester-2023", 19, LEICESTER_2023, overall=INADEQUATE, date="2023-02-09", points="2/27",
          framework_stated=True),
        e("leicester-2023-derby-city", 18, LEICESTER_2023, overall=RI, date="2023-02-09", framework_stated=True),
        e("kirklees-2023", 20, KIRKLEES_2023, overall=INADEQUATE, date="2023-03-30", framework_stated=True),
        e("kirklees-2023-sheffield", 21, KIRKLEES_2023, overall=INADEQUATE, date="2023-03-30", framework_stated=True),
        e("kirklees-2023-hull", 22, KIRKLEES_2023, overall=RI, date="2023-03-30", framework_stated=True),
        e("kirklees-2023-lincolnshire", 23, KIRKLEES_2023, overall=RI, date="2023-03-30", framework_stated=True),
        e("sheffield-2023", 21, SHEFFIELD_2023, overall=INADEQUATE, points="1/27"),
        e("lincolnshire-2023", 23, LINCOLNSHIRE_2023, overall=RI, date="2023-03-30", framework_stated=True),
        e("lincolnshire-2023-kirklees", 20, LINCOLNSHIRE_2023, overall=INADEQUATE, date="2023-03-30",
          framework_stated=True),
        e("lincolnshire-2023-sheffield", 21, LINCOLNSHIRE_2023, overall=INADEQUATE, date="2023-03-30",
          framework_stated=True),
        e("lincolnshire-2023-hull", 22, LINCOLNSHIRE_2023, overall=RI, date="2023-03-30", framework_stated=True),
        e("hull-2023", 22, HULL_2023, overall=RI, date="2023-03", framework_stated=True),
        e("manchester-north-2023", 24, MANCHESTER_NORTH_2023, overall=RI, date="2023-05-25", framework_stated=True),
        e("manchester-north-2023-tameside", 25, MANCHESTER_NORTH_2023, overall=RI, date="2023-05-25",
          framework_stated=True),
        e("manchester-north-2023-wigan", 26, MANCHESTER_NORTH_2023, overall=RI, date="2023-05-25",
          framework_stated=True),
        e("tameside-2023", 25, TAMESIDE_2023, overall=RI, date="2023-05", framework_stated=True),
        e("wigan-2023", 26, WIGAN_2023, overall=RI),
        e("blackburn-2023", 27, BLACKBURN_2023, overall=RI, date="2023-06-01", framework_stated=True),
        e("blackburn-2023-cheshire-west", 28, BLACKBURN_2023, overall=RI, date="2023-06-01", framework_stated=True),
        e("knowsley-2023", 30, KNOWSLEY_2023, overall=INADEQUATE),
        e("knowsley-2023-liverpool-north", 29, KNOWSLEY_2023, overall=INADEQUATE, date="2023-06-29",
          framework_stated=True),
        e("cumbria-2023", 31, CUMBRIA_2023, overall=RI),
        e("cumbria-2023-cheshire-west", 28, CUMBRIA_2023, overall=RI),
        e("cumbria-2023-blackburn", 27, CUMBRIA_2023, overall=RI),
        e("cumbria-2023-liverpool-north", 29, CUMBRIA_2023, overall=INADEQUATE),
        e("cumbria-2023-knowsley", 30, CUMBRIA_2023, overall=INADEQUATE),
        e("somerset-2023", 32, SOMERSET_2023, overall=RI),
        e("dorset-2023", 33, DORSET_2023, overall=INADEQUATE),
        e("dorset-2023-somerset", 32, DORSET_2023, overall=RI),
        e("bristol-2023", 34, BRISTOL_2023, overall=RI),
        e("bristol-2023-somerset", 32, BRISTOL_2023, overall=RI),
        e("bristol-2023-dorset", 33, BRISTOL_2023, overall=INADEQUATE),
        e("portsmouth-2023", 35, PORTSMOUTH_2023, overall=RI),
        e("east-berkshire-2023", 36, EAST_BERKSHIRE_2023, overall=INADEQUATE, date="2023-07", framework_stated=True),
        e("east-berkshire-2023-portsmouth", 35, EAST_BERKSHIRE_2023, overall=RI),
        # -- 2023 model: PDUs and regions
        e("west-sussex-2024", 37, WEST_SUSSEX_2024, overall=INADEQUATE,
          standards=dict.fromkeys(SERVICE_DELIVERY_2023, INADEQUATE), previous=(INADEQUATE, 2022), previous_row=6,
          framework_stated=True),
        e("brighton-2024", 38, BRIGHTON_2024, overall=RI),
        e("surrey-2024", 39, SURREY_2024, overall=INADEQUATE, date="2024-03", framework_stated=True),
        e("west-kent-2024", 41, WEST_KENT_2024, overall=RI),
        e("kss-region-2024", 42, KSS_REGION_2024, overall=RI, date="2024-05", standards={"victim-work": OUTSTANDING},
          sequence=1, framework_stated=True),
        e("norfolk-2024", 43, NORFOLK_2024, overall=INADEQUATE, date="2024-05", framework_stated=True),
        e("suffolk-2024", 44, SUFFOLK_2024, overall=RI),
        e("essex-south-2024", 45, ESSEX_SOUTH_2024, overall=RI, sequence=1),
        e("essex-north-2024", 46, ESSEX_NORTH_2024, overall=RI, date="2024-08",
          standards=dict.fromkeys(SERVICE_DELIVERY_2023, INADEQUATE), sequence=2, previous=(INADEQUATE, 2022),
          previous_row=3, framework_stated=True),
        e("cambridgeshire-2024", 47, CAMBRIDGESHIRE_2024, named=False),
        e("bedfordshire-2024", 48, BEDFORDSHIRE_2024, overall=RI),
        e("hertfordshire-2024", 49, HERTFORDSHIRE_2024, overall=RI),
        e("northamptonshire-2024", 50, NORTHAMPTONSHIRE_2024, overall=INADEQUATE),
        e("east-of-england-region-2024", 51, EAST_OF_ENGLAND_2024, overall=RI, standards={"victim-work": OUTSTANDING},
          framework_stated=True),
        e("sheffield-2024", 53, SHEFFIELD_2024, overall=INADEQUATE, sequence=2, previous=(INADEQUATE, 2023),
          previous_row=21),
        e("kirklees-2024", 54, KIRKLEES_2024, overall=INADEQUATE, date="2024-11", sequence=2,
          previous=(INADEQUATE, 2023), previous_row=20, framework_stated=True),
        e("lincolnshire-2024", 55, LINCOLNSHIRE_2024, overall=INADEQUATE, date="2024-12", sequence=2,
          previous=(RI, 2023), previous_row=23, framework_stated=True),
        e("barnsley-2024", 56, BARNSLEY_2024, overall=INADEQUATE, sequence=1),
        e("leeds-2024", 57, LEEDS_2024, overall=INADEQUATE),
        e("wakefield-2024", 58, WAKEFIELD_2024, overall=RI),
        e("york-2024", 60, YORK_2024, overall=INADEQUATE, sequence=1),
        e("north-yorkshire-2024", 61, NORTH_YORKSHIRE_2024, overall=RI, sequence=1),
        e("nottingham-city-2025", 64, NOTTINGHAM_2025, overall=INADEQUATE, sequence=1),
        e("nottinghamshire-2025", 65, NOTTINGHAM_2025, overall=INADEQUATE, sequence=1),
        e("derbyshire-2025", 66, DERBYSHIRE_2025, overall=INADEQUATE, sequence=1),
        e("derby-city-2025", 67, DERBY_CITY_2025, overall=RI, sequence=2, previous=(RI, 2023), previous_row=18),
        e("leicester-2025", 68, LEICESTER_2025, overall=INADEQUATE, sequence=2, previous=(INADEQUATE, 2022),
          previous_row=19),
        e("east-midlands-region-release", 70, EAST_MIDLANDS_REGION_RELEASE, overall=INADEQUATE, framework_stated=True),
        e("east-midlands-region-report", 70, EAST_MIDLANDS_REGION_REPORT, overall=INADEQUATE, sequence=1,
          framework_stated=True),
        e("county-durham-report", 71, DURHAM_REPORT, overall=INADEQUATE, date="2025", framework_stated=True),
        e("county-durham-release", 71, DURHAM_RELEASE, overall=INADEQUATE),
        e("gateshead-2025-report", 72, GATESHEAD_REPORT, named=False),
        e("newcastle-release", 73, NEWCASTLE_RELEASE, overall=INADEQUATE),
        e("newcastle-report", 73, NEWCASTLE_REPORT, overall=INADEQUATE, sequence=1),
        e("north-tyneside-release", 74, NORTH_TYNESIDE_RELEASE, overall=RI),
        e("redcar-2025", 75, REDCAR_2025, overall=RI),
        e("stockton-release", 76, STOCKTON_RELEASE, overall=RI),
        e("stockton-report", 76, STOCKTON_REPORT, overall=RI, date="2025", open_wording=True, framework_stated=True),
        e("sunderland-release", 77, SUNDERLAND_RELEASE, overall=RI, sequence=1),
        e("sunderland-report", 77, SUNDERLAND_REPORT, overall=RI, date="2025", open_wording=True,
          framework_stated=True),
        e("north-east-region-report", 78, NORTH_EAST_REGION_REPORT, overall=RI, date="2025", framework_stated=True),
        e("snpt-2025", 79, SNPT_2025, overall=RI),
        e("north-wales-release", 80, NORTH_WALES_RELEASE, overall=RI),
        e("north-wales-report", 80, NORTH_WALES_REPORT, overall=RI, date="2025", framework_stated=True),
        e("cardiff-release", 81, CARDIFF_RELEASE, overall=INADEQUATE),
        e("cardiff-report", 81, CARDIFF_REPORT, date="2025", standards=dict.fromkeys(SERVICE_DELIVERY_2023, INADEQUATE),
          framework_stated=True),
        e("cwm-taf-report", 82, CWM_TAF_REPORT, overall=RI, date="2025", standards={"leadership": GOOD},
          framework_stated=True),
        e("cwm-taf-release", 82, CWM_TAF_RELEASE, overall=RI),
        e("dyfed-powys-report", 83, DYFED_POWYS_REPORT, overall=RI, date="2025", framework_stated=True),
        e("gwent-2025-release", 84, GWENT_2025_RELEASE, overall=RI),
        e("gwent-2025-report", 84, GWENT_2025_REPORT, overall=RI, date="2025", framework_stated=True),
        e("wales-region-report", 85, WALES_REGION_REPORT, overall=RI),
        e("wales-region-release", 85, WALES_REGION_RELEASE, overall=RI, framework_stated=True),
        # -- the national inspection
        e("national-report", 86, NATIONAL_REPORT, overall=RI, date="2025-04", framework_stated=True),
        e("national-release", 86, NATIONAL_RELEASE, overall=RI, framework_stated=True),
        # -- dynamic inspections of public protection: no text says they carry no rating
        e("kss-dipp-release", 87, KSS_DIPP_RELEASE, named=False),
        e("kss-dipp-report", 87, KSS_DIPP_REPORT, framework_stated=True),
        e("south-central-dipp-release", 88, SOUTH_CENTRAL_DIPP_RELEASE, framework_stated=True),
        e("south-central-dipp-report", 88, SOUTH_CENTRAL_DIPP_REPORT, date="2026", framework_stated=True),
        e("south-west-dipp-release", 89, SOUTH_WEST_DIPP_RELEASE, framework_stated=True),
        e("south-west-dipp-report", 89, SOUTH_WEST_DIPP_REPORT, framework_stated=True),
        e("greater-manchester-dipp-release", 90, GREATER_MANCHESTER_DIPP_RELEASE, framework_stated=True),
        e("greater-manchester-dipp-report", 90, GREATER_MANCHESTER_DIPP_REPORT, framework_stated=True),
        e("west-midlands-dipp-release", 91, WEST_MIDLANDS_DIPP_RELEASE),
        e("west-midlands-dipp-report", 91, WEST_MIDLANDS_DIPP_REPORT, date="2026", framework_stated=True),
    ]
    # fmt: on


ENTRIES = _entries()

# CSV rows no HMI page quoted in SOURCES.md rates, with the sources it quotes instead.
NOT_IN_CORPUS = {
    40: "East Kent PDU (2023 model): Kentonline only",
    52: "Doncaster PDU (2023 model): Doncaster Free Press only",
    59: "Bradford and Calderdale PDU: Keighley News, LBC and the BBC only",
    62: "Hull and East Riding PDU (second): an HMI spotlight page that rates nothing, and the count reconciliation",
    63: "Yorkshire and the Humber region: an HMI spotlight page that rates nothing, and the count reconciliation",
    69: "East and West Lincolnshire PDU: LincolnshireWorld and Greatest Hits Radio only",
}
