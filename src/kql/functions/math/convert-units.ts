/**
 * convert_angle, convert_energy, convert_force, convert_length, convert_mass, convert_speed, convert_volume and
 * convert_temperature(value, from, to), with the unit names Kusto takes from UnitsNet. Unknown units give null.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';

// Factors to the family's base unit (radian, joule, newton, meter, kilogram, meter per second, cubic meter).
const ANGLE: Record<string, number> = {
  Arcminute: Math.PI / 10800, Arcsecond: Math.PI / 648000, Centiradian: 0.01, Deciradian: 0.1, Degree: Math.PI / 180,
  Gradian: Math.PI / 200, Microdegree: Math.PI / 180e6, Microradian: 1e-6, Millidegree: Math.PI / 180e3, Milliradian: 1e-3,
  Nanodegree: Math.PI / 180e9, Nanoradian: 1e-9, NatoMil: (2 * Math.PI) / 6400, Radian: 1, Revolution: 2 * Math.PI,
};
const ENERGY: Record<string, number> = {
  BritishThermalUnit: 1055.05585262, Calorie: 4.184, ElectronVolt: 1.602176634e-19, Erg: 1e-7, FootPound: 1.3558179483314,
  GigabritishThermalUnit: 1055.05585262e9, GigaJoule: 1e9, GigawattHour: 3.6e12, Joule: 1, KilobritishThermalUnit: 1055.05585262e3,
  Kilocalorie: 4184, KiloJoule: 1e3, KilowattHour: 3.6e6, MegabritishThermalUnit: 1055.05585262e6, MegaJoule: 1e6,
  MegawattHour: 3.6e9, MilliJoule: 1e-3, TeraJoule: 1e12, WattHour: 3600, WattDay: 86400,
};
const FORCE: Record<string, number> = {
  Decanewton: 10, Dyn: 1e-5, KilogramForce: 9.80665, Kilonewton: 1e3, KiloPond: 9.80665, KilopoundForce: 4448.2216152605,
  Meganewton: 1e6, Micronewton: 1e-6, Millinewton: 1e-3, Newton: 1, OunceForce: 0.27801385095378125, Poundal: 0.138254954376,
  PoundForce: 4.4482216152605, ShortTonForce: 8896.443230521, TonneForce: 9806.65,
};
const LENGTH: Record<string, number> = {
  Angstrom: 1e-10, AstronomicalUnit: 1.495978707e11, Centimeter: 0.01, Decameter: 10, Decimeter: 0.1, Fathom: 1.8288,
  Foot: 0.3048, Hectometer: 100, Inch: 0.0254, Kilometer: 1e3, LightYear: 9.46073047258e15, Meter: 1, Microinch: 2.54e-8,
  Micrometer: 1e-6, Mil: 2.54e-5, Mile: 1609.344, Millimeter: 1e-3, Nanometer: 1e-9, NauticalMile: 1852, Yard: 0.9144,
};
const MASS: Record<string, number> = {
  Centigram: 1e-5, Decagram: 1e-2, Decigram: 1e-4, Grain: 6.479891e-5, Gram: 1e-3, Hectogram: 0.1, Kilogram: 1,
  Kilopound: 453.59237, Kilotonne: 1e6, LongTon: 1016.0469088, Megapound: 453592.37, Megatonne: 1e9, Microgram: 1e-9,
  Milligram: 1e-6, Nanogram: 1e-12, Ounce: 0.028349523125, Pound: 0.45359237, ShortTon: 907.18474, Slug: 14.593902937206364,
  Stone: 6.35029318, Tonne: 1e3,
};
const SVY_FT = 1200 / 3937;
const SPEED: Record<string, number> = {
  CentimeterPerHour: 0.01 / 3600, CentimeterPerMinute: 0.01 / 60, CentimeterPerSecond: 0.01,
  DecimeterPerMinute: 0.1 / 60, DecimeterPerSecond: 0.1,
  FootPerHour: 0.3048 / 3600, FootPerMinute: 0.3048 / 60, FootPerSecond: 0.3048,
  InchPerHour: 0.0254 / 3600, InchPerMinute: 0.0254 / 60, InchPerSecond: 0.0254,
  KilometerPerHour: 1 / 3.6, KilometerPerMinute: 1e3 / 60, KilometerPerSecond: 1e3, Knot: 1852 / 3600,
  MeterPerHour: 1 / 3600, MeterPerMinute: 1 / 60, MeterPerSecond: 1, MicrometerPerMinute: 1e-6 / 60, MicrometerPerSecond: 1e-6,
  MilePerHour: 0.44704, MillimeterPerHour: 1e-3 / 3600, MillimeterPerMinute: 1e-3 / 60, MillimeterPerSecond: 1e-3,
  NanometerPerMinute: 1e-9 / 60, NanometerPerSecond: 1e-9,
  UsSurveyFootPerHour: SVY_FT / 3600, UsSurveyFootPerMinute: SVY_FT / 60, UsSurveyFootPerSecond: SVY_FT,
  YardPerHour: 0.9144 / 3600, YardPerMinute: 0.9144 / 60, YardPerSecond: 0.9144,
};
const US_GAL = 0.003785411784;
const IMP_GAL = 0.00454609;
const CU_FT = 0.028316846592;
// AcreFoot as UnitsNet defines it (1 m³ = 0.000810714 acre-feet), not the exact 1233.48183754752 m³
const VOLUME: Record<string, number> = {
  AcreFoot: 1 / 0.000810714, AuTablespoon: 2e-5, BoardFoot: 0.002359737216, Centiliter: 1e-5, CubicCentimeter: 1e-6,
  CubicDecimeter: 1e-3, CubicFoot: CU_FT, CubicHectometer: 1e6, CubicInch: 1.6387064e-5, CubicKilometer: 1e9, CubicMeter: 1,
  CubicMicrometer: 1e-18, CubicMile: 1609.344 ** 3, CubicMillimeter: 1e-9, CubicYard: 0.764554857984, Decaliter: 1e-2,
  DecausGallon: 10 * US_GAL, Deciliter: 1e-4, DeciusGallon: US_GAL / 10, HectocubicFoot: 100 * CU_FT, HectocubicMeter: 100,
  Hectoliter: 0.1, HectousGallon: 100 * US_GAL, ImperialBeerBarrel: 36 * IMP_GAL, ImperialGallon: IMP_GAL,
  ImperialOunce: 2.84130625e-5, ImperialPint: 5.6826125e-4, KilocubicFoot: 1e3 * CU_FT, KilocubicMeter: 1e3,
  KiloimperialGallon: 1e3 * IMP_GAL, Kiloliter: 1, KilousGallon: 1e3 * US_GAL, Liter: 1e-3, MegacubicFoot: 1e6 * CU_FT,
  MegaimperialGallon: 1e6 * IMP_GAL, Megaliter: 1e3, MegausGallon: 1e6 * US_GAL, MetricCup: 2.5e-4, MetricTeaspoon: 5e-6,
  Microliter: 1e-9, Milliliter: 1e-6, OilBarrel: 0.158987294928, UkTablespoon: 1.5e-5, UsBeerBarrel: 31 * US_GAL,
  UsCustomaryCup: 2.365882365e-4, UsGallon: US_GAL, UsLegalCup: 2.4e-4, UsOunce: 2.95735295625e-5, UsPint: 4.73176473e-4,
  UsQuart: 9.46352946e-4, UsTablespoon: 1.478676478125e-5, UsTeaspoon: 4.92892159375e-6,
};

function converter(table: Record<string, number>) {
  const lower = new Map(Object.entries(table).map(([k, v]) => [k.toLowerCase(), v]));
  return () => (value: unknown, from: unknown, to: unknown) => {
    const x = toNumber(value);
    if (x === null || typeof from !== 'string' || typeof to !== 'string') return null;
    const f = lower.get(from.toLowerCase());
    const t = lower.get(to.toLowerCase());
    return f === undefined || t === undefined ? null : (x * f) / t;
  };
}

defineScalar((F) => F.ConvertAngle, converter(ANGLE));
defineScalar((F) => F.ConvertEnergy, converter(ENERGY));
defineScalar((F) => F.ConvertForce, converter(FORCE));
defineScalar((F) => F.ConvertLength, converter(LENGTH));
defineScalar((F) => F.ConvertMass, converter(MASS));
defineScalar((F) => F.ConvertSpeed, converter(SPEED));
defineScalar((F) => F.ConvertVolume, converter(VOLUME));

const TO_KELVIN: Record<string, [number, number]> = {
  kelvin: [1, 0], degreecelsius: [1, 273.15], degreefahrenheit: [5 / 9, 459.67 * (5 / 9)], degreerankine: [5 / 9, 0],
  millidegreecelsius: [1e-3, 273.15], degreedelisle: [-2 / 3, 373.15], degreenewton: [100 / 33, 273.15],
  degreereaumur: [5 / 4, 273.15], solartemperature: [5778, 0],
};

defineScalar((F) => F.ConvertTemperature, () => (value: unknown, from: unknown, to: unknown) => {
  const x = toNumber(value);
  if (x === null || typeof from !== 'string' || typeof to !== 'string') return null;
  const f = TO_KELVIN[from.toLowerCase()];
  const t = TO_KELVIN[to.toLowerCase()];
  if (!f || !t) return null;
  const kelvin = x * f[0] + f[1];
  return (kelvin - t[1]) / t[0];
});
