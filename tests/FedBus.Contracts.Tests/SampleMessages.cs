using System.Collections;
using System.Reflection;
using FedBus.Contracts;

namespace FedBus.Contracts.Tests;

/// <summary>
/// Builds an instance of any contract with every field set to a non-default value, so a round trip that drops or
/// mangles a field shows. New contracts are covered without touching the tests.
/// </summary>
public static class SampleMessages
{
    public static IEnumerable<Type> AllMessageTypes() =>
        typeof(IFedBusMessage).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(IFedBusMessage).IsAssignableFrom(t))
            .OrderBy(t => t.Name);

    public static object Create(Type type) => Value(type, type.Name, 0);

    private static object Value(Type type, string name, int depth)
    {
        var seed = StringComparer.Ordinal.GetHashCode(name) & 0x7fff;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return Value(underlying, name, depth);
        if (type == typeof(string)) return $"{name}-{seed}";
        if (type == typeof(int)) return seed + 1;
        if (type == typeof(long)) return 10_000_000_000L + seed;
        if (type == typeof(double)) return seed + 0.25;
        if (type == typeof(bool)) return true;
        if (type == typeof(Guid)) return new Guid(seed, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 11, 27, 10, 30, 15, 123, TimeSpan.FromHours(1)).AddMinutes(seed);
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(seed + 1);
        if (type == typeof(byte[])) return new byte[] { 0, 1, 2, 255, (byte)seed };
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1)!;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Value(element, name + "0", depth + 1));
            list.Add(Value(element, name + "1", depth + 1));
            return list;
        }
        if (type.Namespace == typeof(IFedBusMessage).Namespace && depth < 8)
        {
            var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).First();
            var args = constructor.GetParameters().Select(p => Value(p.ParameterType, p.Name!, depth + 1)).ToArray();
            return constructor.Invoke(args);
        }
        throw new NotSupportedException($"No sample value for {type} ({name}); teach SampleMessages about it.");
    }
}
