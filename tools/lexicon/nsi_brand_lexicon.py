#!/usr/bin/env python3
"""Builds pfms's brand lexicon from the OpenStreetMap name-suggestion-index (NSI).

Input: NSI's dist/json/nsi.json from the npm package (BSD-3-Clause), e.g.
    npm pack name-suggestion-index@8.0.20260918 && tar xzf name-suggestion-index-8.0.20260918.tgz
and a word list of common English words (Debian's wamerican: /usr/share/dict/words).
Output: pfms-ml/src/main/resources/dev/pfms/ml/zeroshot/brand-lexicon.csv (phrase,category,sign).

Run from the repository root:
    python3 tools/lexicon/nsi_brand_lexicon.py package/dist/json/nsi.json 8.0.20260918 \
        > pfms-ml/src/main/resources/dev/pfms/ml/zeroshot/brand-lexicon.csv

Only the standard library is used; the output is deterministic (sorted) for one NSI version and word list.
What is kept (see the README of the output's header):
- brands whose OSM tag maps to a spending category of the pfms taxonomy (TAGS below); banks, ATMs,
  car dealers, money lenders, offices and the like are left out: a bank's name on a statement is the
  account holder's bank, not a merchant; so are charging stations, whose brands are often electricity
  companies ("Vattenfall") whose bills are not fuel; and the operators of car parks (not councils,
  universities or hospitals, which are paid for other things too) and of public transport networks
  (OPERATORS below);
- names tokenized the way dev.pfms.ml.text.BankText tokenizes descriptions; a name with a digit is dropped
  (descriptions lose digit-bearing tokens), and so is a parenthesized qualifier ("Vodacom (South Africa)");
- a one-word name of 4 letters or more that is no word of the word list, proper nouns included ("kwikspar"
  yes; "game", "bristol", "lloyds" no); a
  two-word name unless both words are common English words ("builders warehouse" no, "mr price" no: the
  hand-written lexicon lists such brands); any name of three words or more;
- a phrase that NSI maps to two different categories is dropped, and so is one the hand-written lexicon has.
"""
import json
import re
import sys
import unicodedata

TAGS = {
    ("shop", "supermarket"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "convenience"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "greengrocer"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "butcher"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "bakery"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "pastry"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "deli"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "dairy"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "health_food"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "confectionery"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "chocolate"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "frozen_food"): "FOOD_AND_DRINK_GROCERIES",
    ("shop", "alcohol"): "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR",
    ("shop", "beverages"): "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR",
    ("shop", "wine"): "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR",
    ("amenity", "pub"): "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR",
    ("amenity", "bar"): "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR",
    ("amenity", "cafe"): "FOOD_AND_DRINK_COFFEE",
    ("shop", "coffee"): "FOOD_AND_DRINK_COFFEE",
    ("shop", "tea"): "FOOD_AND_DRINK_COFFEE",
    ("amenity", "fast_food"): "FOOD_AND_DRINK_FAST_FOOD",
    ("amenity", "ice_cream"): "FOOD_AND_DRINK_FAST_FOOD",
    ("amenity", "restaurant"): "FOOD_AND_DRINK_RESTAURANT",
    ("shop", "clothes"): "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
    ("shop", "shoes"): "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
    ("shop", "jewelry"): "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
    ("shop", "watches"): "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
    ("shop", "fashion_accessories"): "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
    ("shop", "bag"): "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
    ("shop", "electronics"): "GENERAL_MERCHANDISE_ELECTRONICS",
    ("shop", "computer"): "GENERAL_MERCHANDISE_ELECTRONICS",
    ("shop", "hifi"): "GENERAL_MERCHANDISE_ELECTRONICS",
    ("shop", "appliance"): "GENERAL_MERCHANDISE_ELECTRONICS",
    ("shop", "department_store"): "GENERAL_MERCHANDISE_DEPARTMENT_STORES",
    ("shop", "variety_store"): "GENERAL_MERCHANDISE_DEPARTMENT_STORES",
    ("shop", "wholesale"): "GENERAL_MERCHANDISE_SUPERSTORES",
    ("shop", "books"): "GENERAL_MERCHANDISE_BOOKSTORES_AND_NEWSSTANDS",
    ("shop", "newsagent"): "GENERAL_MERCHANDISE_BOOKSTORES_AND_NEWSSTANDS",
    ("shop", "stationery"): "GENERAL_MERCHANDISE_OFFICE_SUPPLIES",
    ("shop", "pet"): "GENERAL_MERCHANDISE_PET_SUPPLIES",
    ("shop", "gift"): "GENERAL_MERCHANDISE_GIFTS",
    ("shop", "florist"): "GENERAL_MERCHANDISE_GIFTS",
    ("shop", "toys"): "GENERAL_MERCHANDISE_GIFTS",
    ("shop", "sports"): "GENERAL_MERCHANDISE_SPORTING_GOODS",
    ("shop", "outdoor"): "GENERAL_MERCHANDISE_SPORTING_GOODS",
    ("shop", "bicycle"): "GENERAL_MERCHANDISE_SPORTING_GOODS",
    ("shop", "doityourself"): "HOME_HARDWARE",
    ("shop", "hardware"): "HOME_HARDWARE",
    ("shop", "trade"): "HOME_HARDWARE",
    ("shop", "paint"): "HOME_HARDWARE",
    ("shop", "tiles"): "HOME_HARDWARE",
    ("shop", "garden_centre"): "HOME_HARDWARE",
    ("shop", "tool_hire"): "HOME_HARDWARE",
    ("shop", "furniture"): "HOME_FURNITURE",
    ("shop", "bed"): "HOME_FURNITURE",
    ("shop", "kitchen"): "HOME_FURNITURE",
    ("shop", "houseware"): "HOME_FURNITURE",
    ("shop", "household_linen"): "HOME_FURNITURE",
    ("shop", "interior_decoration"): "HOME_FURNITURE",
    ("shop", "lighting"): "HOME_FURNITURE",
    ("amenity", "pharmacy"): "MEDICAL_PHARMACY",
    ("healthcare", "pharmacy"): "MEDICAL_PHARMACY",
    ("shop", "chemist"): "MEDICAL_PHARMACY",
    ("shop", "optician"): "MEDICAL_EYE_CARE",
    ("amenity", "dentist"): "MEDICAL_DENTAL_CARE",
    ("amenity", "clinic"): "MEDICAL_PRIMARY_CARE",
    ("amenity", "doctors"): "MEDICAL_PRIMARY_CARE",
    ("healthcare", "laboratory"): "MEDICAL_PRIMARY_CARE",
    ("healthcare", "sample_collection"): "MEDICAL_PRIMARY_CARE",
    ("amenity", "veterinary"): "MEDICAL_VETERINARY",
    ("leisure", "fitness_centre"): "PERSONAL_CARE_GYMS_AND_FITNESS",
    ("leisure", "sports_centre"): "PERSONAL_CARE_GYMS_AND_FITNESS",
    ("shop", "hairdresser"): "PERSONAL_CARE_HAIR_AND_BEAUTY",
    ("shop", "beauty"): "PERSONAL_CARE_HAIR_AND_BEAUTY",
    ("shop", "cosmetics"): "PERSONAL_CARE_HAIR_AND_BEAUTY",
    ("shop", "perfumery"): "PERSONAL_CARE_HAIR_AND_BEAUTY",
    ("shop", "laundry"): "PERSONAL_CARE_LAUNDRY_AND_DRY_CLEANING",
    ("shop", "dry_cleaning"): "PERSONAL_CARE_LAUNDRY_AND_DRY_CLEANING",
    ("amenity", "childcare"): "PERSONAL_CARE_CHILDCARE",
    ("amenity", "kindergarten"): "PERSONAL_CARE_CHILDCARE",
    ("amenity", "language_school"): "PERSONAL_CARE_EDUCATION",
    ("amenity", "prep_school"): "PERSONAL_CARE_EDUCATION",
    ("amenity", "driving_school"): "PERSONAL_CARE_EDUCATION",
    ("amenity", "fuel"): "TRANSPORTATION_FUEL",
    ("amenity", "parking"): "TRANSPORTATION_PARKING",
    ("amenity", "car_wash"): "TRANSPORTATION_CAR_MAINTENANCE",
    ("shop", "car_repair"): "TRANSPORTATION_CAR_MAINTENANCE",
    ("shop", "car_parts"): "TRANSPORTATION_CAR_MAINTENANCE",
    ("shop", "tyres"): "TRANSPORTATION_CAR_MAINTENANCE",
    ("amenity", "vehicle_inspection"): "TRANSPORTATION_CAR_MAINTENANCE",
    ("amenity", "bicycle_rental"): "TRANSPORTATION_BIKES_AND_SCOOTERS",
    ("amenity", "car_rental"): "TRAVEL_RENTAL_CARS",
    ("tourism", "hotel"): "TRAVEL_LODGING",
    ("tourism", "motel"): "TRAVEL_LODGING",
    ("tourism", "hostel"): "TRAVEL_LODGING",
    ("tourism", "guest_house"): "TRAVEL_LODGING",
    ("shop", "travel_agency"): "TRAVEL_TRAVEL_AGENCIES",
    ("amenity", "cinema"): "ENTERTAINMENT_TV_AND_MOVIES",
    ("shop", "bookmaker"): "ENTERTAINMENT_CASINOS_AND_GAMBLING",
    ("shop", "lottery"): "ENTERTAINMENT_CASINOS_AND_GAMBLING",
    ("amenity", "casino"): "ENTERTAINMENT_CASINOS_AND_GAMBLING",
    ("amenity", "post_office"): "GENERAL_SERVICES_POSTAGE_AND_SHIPPING",
    ("amenity", "parcel_locker"): "GENERAL_SERVICES_POSTAGE_AND_SHIPPING",
    ("shop", "storage_rental"): "GENERAL_SERVICES_STORAGE",
    ("office", "insurance"): "GENERAL_SERVICES_INSURANCE",
    ("shop", "mobile_phone"): "RENT_AND_UTILITIES_TELEPHONE",
    ("shop", "telecommunication"): "RENT_AND_UTILITIES_TELEPHONE",
}

# other trees of the index: the operators of car parks and the networks of public transport
OPERATORS = {
    ("operators", "amenity", "parking"): "TRANSPORTATION_PARKING",
    ("transit", "route", "bus"): "TRANSPORTATION_PUBLIC_TRANSIT",
    ("transit", "route", "tram"): "TRANSPORTATION_PUBLIC_TRANSIT",
    ("transit", "route", "trolleybus"): "TRANSPORTATION_PUBLIC_TRANSIT",
    ("transit", "route", "subway"): "TRANSPORTATION_PUBLIC_TRANSIT",
    ("transit", "route", "light_rail"): "TRANSPORTATION_PUBLIC_TRANSIT",
    ("transit", "route", "train"): "TRANSPORTATION_PUBLIC_TRANSIT",
    ("transit", "route", "ferry"): "TRANSPORTATION_PUBLIC_TRANSIT",
}
# a car park operator that is a council, a university or a hospital is paid for other things too
# (council tax, fees): such names are not parking phrases
PUBLIC_BODY = {"council", "county", "city", "borough", "district", "municipal", "municipality", "university",
               "college", "school", "hospital", "nhs", "church", "government", "department", "ministry"}

STOP = {"no", "nr", "pty", "ltd", "plc", "inc", "llc", "gmbh", "the", "of", "and", "effec", "ref", "id"}
WORD = re.compile(r"[^\W_]|[&']", re.UNICODE)


def tokens(name):
    """BankText.tokens for a brand name: lower case, runs of letters, digits, '&' and "'", stop words out."""
    s = unicodedata.normalize("NFC", name).lower()
    out, cur = [], []
    for ch in s + " ":
        if WORD.match(ch):
            cur.append(ch)
        elif cur:
            w = "".join(cur)
            cur = []
            if w in STOP:
                continue
            if any(c.isdigit() for c in w):
                return None
            w = w.strip("'")
            if len(w) >= 2:
                out.append(w)
    return out


def main():
    nsi_path, version = sys.argv[1], sys.argv[2]
    # lower-case entries are common words; capitalized ones are proper nouns — places and surnames too
    # ("Bristol", "Lloyd's"), which a one-word name must not be either
    words = [w.strip() for w in open("/usr/share/dict/words", encoding="utf-8") if w.strip()]

    def forms(w):
        w = w.lower()
        return {w, w[:-2] if w.endswith("'s") else w, w.replace("'", "")}

    common = set().union(*(forms(w) for w in words if w == w.lower()))
    known = set().union(*(forms(w) for w in words))
    hand = set()
    with open("pfms-ml/src/main/resources/dev/pfms/ml/zeroshot/merchant-lexicon.csv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("phrase,") or not line.strip():
                continue
            t = tokens(line.split(",")[0])
            if t:
                hand.add(" ".join(t))
    nsi = json.load(open(nsi_path, encoding="utf-8"))["nsi"]
    found = {}
    for tree, entry in nsi.items():
        parts = tree.split("/")
        if len(parts) < 3:
            continue
        code = TAGS.get((parts[1], parts[2])) if parts[0] == "brands" else OPERATORS.get(tuple(parts[:3]))
        if code is None:
            continue
        for item in entry.get("items", []):
            names = {item.get("displayName", ""), item.get("tags", {}).get("brand", ""),
                     item.get("tags", {}).get("name", "")}
            names.update(item.get("matchNames", []))
            for name in names:
                name = re.sub(r"\s*\([^)]*\)", "", name).strip()
                t = tokens(name) if name else None
                if not t:
                    continue
                if len(t) == 1 and (len(t[0]) < 4 or t[0] in known):
                    continue
                if len(t) == 2 and t[0] in common and t[1] in common:
                    continue
                if parts[0] == "operators" and PUBLIC_BODY.intersection(t):
                    continue
                phrase = " ".join(t)
                if phrase in hand:
                    continue
                found.setdefault(phrase, set()).add(code)
    kept = sorted((p, next(iter(c))) for p, c in found.items() if len(c) == 1)
    dropped = sum(1 for c in found.values() if len(c) > 1)
    print("# pfms brand lexicon: phrase,category,sign (generated; do not edit by hand)")
    print("#")
    print("# Generated by tools/lexicon/nsi_brand_lexicon.py from the OpenStreetMap name-suggestion-index")
    print(f"# (npm package name-suggestion-index@{version}, dist/json/nsi.json): brand names and their OSM")
    print("# shop/amenity/... tag, and car park and public transport operators, mapped to a standard pfms")
    print(f"# category by the script's tables. {len(kept)} phrases; {dropped} dropped")
    print("# because NSI gives them two categories. Filtered against Debian's wamerican word list (one common")
    print("# English word, or two, is not a brand phrase) and against merchant-lexicon.csv, which wins.")
    print("# Matched like merchant-lexicon.csv (contiguous BankText tokens, longest phrase first), money out only.")
    print("#")
    print("# name-suggestion-index: Copyright 2026, name-suggestion-index contributors. BSD 3-Clause:")
    print("# Redistribution and use in source and binary forms, with or without modification, are permitted")
    print("# provided that the following conditions are met: 1. Redistributions of source code must retain the")
    print("# above copyright notice, this list of conditions and the following disclaimer. 2. Redistributions")
    print("# in binary form must reproduce the above copyright notice, this list of conditions and the following")
    print("# disclaimer in the documentation and/or other materials provided with the distribution. 3. Neither")
    print("# the name of the copyright holder nor the names of its contributors may be used to endorse or")
    print("# promote products derived from this software without specific prior written permission.")
    print("# THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\" AND ANY EXPRESS OR")
    print("# IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND")
    print("# FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR")
    print("# CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL")
    print("# DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,")
    print("# DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER")
    print("# IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT")
    print("# OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.")
    print("phrase,category,sign")
    for p, c in kept:
        if "," in p:
            continue
        print(f"{p},{c},out")


if __name__ == "__main__":
    main()
