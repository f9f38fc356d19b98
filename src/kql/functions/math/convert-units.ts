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
const SPEED: Record<string, number> = {
  CentimeterPerSecond: 0.01, FootPerSecond: 0.3048, InchPerSecond: 0.0254, KilometerPerHour: 1 / 3.6, KilometerPerSecond: 1e3,
  Knot: 1852 / 3600, MeterPerHour: 1 / 3600, MeterPerMinute: 1 / 60, MeterPerSecond: 1, MilePerHour: 0.44704,
  MillimeterPerSecond: 1e-3,
};
const VOLUME: Record<string, number> = {
  CubicCentimeter: 1e-6, CubicDecimeter: 1e-3, CubicFoot: 0.028316846592, CubicInch: 1.6387064e-5, CubicKilometer: 1e9,
  CubicMeter: 1, CubicMillimeter: 1e-9, CubicYard: 0.764554857984, Deciliter: 1e-4, Hectoliter: 0.1, ImperialGallon: 0.00454609,
  Liter: 1e-3, Megaliter: 1e3, Milliliter: 1e-6, UsGallon: 0.003785411784, UsOunce: 2.95735295625e-5,
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
