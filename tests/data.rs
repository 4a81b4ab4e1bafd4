//! Loading, splitting, standardising and batching data, and the generated data sets.

use mlp_companion::prelude::*;
use ndarray::ShapeBuilder;

#[test]
fn csv_round_trip_and_header() {
    let text = "x1,x2,class label\r\n0.5, 1.0 ,0\n-1.0,2.0,1\n\n3.0,-4e-1,2.0\n";
    let data = Dataset::from_csv_str(text).unwrap();
    assert_eq!(data.x, array![[0.5, 1.0], [-1.0, 2.0], [3.0, -0.4]]);
    assert_eq!(data.y, array![0, 1, 2]);
    assert_eq!(data.n_classes, 3);
    let path = std::env::temp_dir().join("mlp_companion_csv_test.csv");
    std::fs::write(&path, text).unwrap();
    assert_eq!(Dataset::from_csv(&path).unwrap(), data);
}

#[test]
fn malformed_csv_errors_name_line_and_column() {
    let cases = [
        ("", "line 1", "empty"),
        ("x1,x2,y\n", "line 2", "no data rows"),
        ("x1,x2,y\n1,2,0\n3,4\n", "line 3", "2 fields"),
        (
            "x1,x2,y\n1,abc,0\n",
            "line 2, column 2",
            "'abc' is not a number",
        ),
        ("x1,x2,y\n1,2,0\n1,2,-1\n", "line 3, column 3", "'-1'"),
        ("x1,x2,y\n1,2,0.5\n", "line 2, column 3", "'0.5'"),
        ("x1,x2,y\n1,NaN,0\n", "line 2, column 2", "not finite"),
        ("y\n1\n", "line 1", "at least one feature"),
    ];
    for (text, place, what) in cases {
        let msg = Dataset::from_csv_str(text).unwrap_err().to_string();
        assert!(
            msg.contains(place) && msg.contains(what),
            "{text:?} gave: {msg}"
        );
    }
    let mut bytes = b"x1,x2,y\n1,2,0\n".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b',', b'1', b',', b'0', b'\n']);
    let path = std::env::temp_dir().join("mlp_companion_bad_utf8.csv");
    std::fs::write(&path, bytes).unwrap();
    let msg = Dataset::from_csv(&path).unwrap_err().to_string();
    assert!(msg.contains("line 3") && msg.contains("UTF-8"), "{msg}");
    let msg = Dataset::from_csv("/no/such/file.csv")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("/no/such/file.csv"), "{msg}");
}

#[test]
fn splits_have_the_course_sizes_and_keep_class_shares() {
    let data = datasets::xor(750, 123).unwrap();
    let counts = data.class_counts();
    let (train, val, test) = data.split3(0.765, 0.085, 1).unwrap();
    assert_eq!((train.len(), val.len(), test.len()), (573, 64, 113));
    for part in [&train, &val, &test] {
        for (c, &n) in part.class_counts().iter().enumerate() {
            let expected = counts[c] as f32 / 750.0 * part.len() as f32;
            assert!(
                (n as f32 - expected).abs() <= 1.0,
                "class {c}: {n} vs {expected}"
            );
        }
    }
    // the parts partition the data: every sample used once
    let mut rows: Vec<String> = [&train, &val, &test]
        .iter()
        .flat_map(|d| {
            d.x.rows()
                .into_iter()
                .map(|r| format!("{r}"))
                .collect::<Vec<_>>()
        })
        .collect();
    rows.sort();
    rows.dedup();
    assert_eq!(rows.len(), 750);
    // the course's two-step split gives the same sizes
    let (rest, test2) = data.split(0.85, 1).unwrap();
    let (train2, val2) = rest.split(0.9, 1).unwrap();
    assert_eq!((train2.len(), val2.len(), test2.len()), (573, 64, 113));
    // same seed, same split; another seed, another split
    assert_eq!(data.split3(0.765, 0.085, 1).unwrap().0, train);
    assert_ne!(data.split3(0.765, 0.085, 2).unwrap().0, train);
}

#[test]
fn split_errors() {
    let data = datasets::xor(10, 1).unwrap();
    assert!(
        data.split(1.0, 0)
            .unwrap_err()
            .to_string()
            .contains("got 1")
    );
    assert!(data.split(f32::NAN, 0).is_err());
    assert!(
        data.split3(0.6, 0.4, 0)
            .unwrap_err()
            .to_string()
            .contains("test set")
    );
    let tiny = datasets::xor(4, 1).unwrap();
    let msg = tiny.split(0.2, 0).unwrap_err().to_string();
    assert!(msg.contains("4 samples") && msg.contains("empty"), "{msg}");
}

#[test]
fn standardize_fits_on_train_and_applies_to_others() {
    let data = datasets::moons(400, 0.2, 1).unwrap();
    let (mut train, test) = data.split(0.75, 2).unwrap();
    let scaler = train.standardize().unwrap();
    let mean = train.x.mean_axis(Axis(0)).unwrap();
    let std = train.x.std_axis(Axis(0), 0.0);
    assert!(mean.iter().all(|m| m.abs() < 1e-5) && std.iter().all(|s| (s - 1.0).abs() < 1e-4));
    let test_scaled = scaler.transform(&test).unwrap();
    let expected = (&test.x.row(0) - &scaler.mean) / &scaler.std;
    assert!(
        (&test_scaled.x.row(0) - &expected)
            .iter()
            .all(|d| d.abs() < 1e-6)
    );
    let three = Dataset::new(array![[1.0, 2.0, 3.0]], array![0]).unwrap();
    assert!(
        scaler
            .transform(&three)
            .unwrap_err()
            .to_string()
            .contains("fitted on 2 features but the data has 3")
    );
}

#[test]
fn batches_cover_the_data_once_in_shuffled_order() {
    let data = datasets::blobs(100, 3, 1).unwrap();
    let mut rng = seeded_rng(3);
    let batches: Vec<_> = data.batches(32, &mut rng).unwrap().collect();
    assert_eq!(
        batches.iter().map(|b| b.1.len()).collect::<Vec<_>>(),
        vec![32, 32, 32, 4]
    );
    assert_eq!(data.n_batches(32), 4);
    let total: usize = batches.iter().map(|b| b.1.iter().sum::<usize>()).sum();
    assert_eq!(total, data.y.sum());
    assert_ne!(batches[0].0.row(0), data.x.row(0).view(), "shuffled");
    assert!(data.batches(0, &mut rng).is_err());
}

#[test]
fn generated_sets_have_their_shapes() {
    let xor = datasets::xor(750, 123).unwrap();
    let counts = xor.class_counts();
    assert!(counts[0].abs_diff(counts[1]) < 40, "{counts:?}");
    // standardised, and labels follow the sign rule except for the 1.2 % noise (9 of 750)
    let mean = xor.x.mean_axis(Axis(0)).unwrap();
    assert!(mean.iter().all(|m| m.abs() < 1e-5));
    let rule = xor
        .x
        .rows()
        .into_iter()
        .zip(&xor.y)
        .filter(|(r, y)| usize::from(r[0] * r[1] < 0.0) != **y)
        .count();
    assert_eq!(rule, 9);

    let spirals = datasets::spirals(300, 5, 1).unwrap();
    assert_eq!(
        (spirals.n_classes, spirals.class_counts()),
        (5, vec![60; 5])
    );
    let blobs = datasets::blobs(101, 10, 1).unwrap();
    assert_eq!(blobs.n_classes, 10);
    let circles = datasets::circles(200, 0.0, 0.5, 1).unwrap();
    for (r, &y) in circles.x.rows().into_iter().zip(&circles.y) {
        let radius = (r[0] * r[0] + r[1] * r[1]).sqrt();
        assert!((radius - if y == 0 { 1.0 } else { 0.5 }).abs() < 1e-5);
    }
    let moons = datasets::moons(101, 0.0, 1).unwrap();
    assert_eq!(moons.class_counts(), vec![50, 51]);
    let sep = datasets::linearly_separable(200, 1).unwrap();
    assert!(
        sep.x
            .rows()
            .into_iter()
            .zip(&sep.y)
            .all(|(r, &y)| (r[0] + r[1] > 0.0) == (y == 1))
    );
}

#[test]
fn dataset_generator_errors() {
    assert!(
        datasets::xor(3, 1)
            .unwrap_err()
            .to_string()
            .contains("n >= 4")
    );
    assert!(
        datasets::spirals(100, 11, 1)
            .unwrap_err()
            .to_string()
            .contains("11")
    );
    assert!(datasets::blobs(100, 1, 1).is_err());
    assert!(
        datasets::moons(100, -0.1, 1)
            .unwrap_err()
            .to_string()
            .contains("-0.1")
    );
    assert!(
        datasets::circles(100, 0.1, 1.5, 1)
            .unwrap_err()
            .to_string()
            .contains("1.5")
    );
}

/// Every batch row is a whole sample with its own label, each sample appears once, and the
/// layout of `x` in memory (row-major, or column-major as after a transpose) doesn't matter.
#[test]
fn batches_keep_rows_and_labels_together_in_any_layout() {
    let n = 70;
    let value = |(i, j): (usize, usize)| (i * 10 + j) as f32;
    let x = Array2::from_shape_fn((n, 3), value);
    let y: Array1<usize> = (0..n).map(|i| i % 4).collect();
    let column_major = Array2::from_shape_fn((n, 3).f(), value);
    assert!(!column_major.is_standard_layout());
    for x in [x.clone(), column_major] {
        let data = Dataset::with_classes(x, y.clone(), 4).unwrap();
        let mut seen = vec![false; n];
        for (bx, by) in data.batches(16, &mut seeded_rng(5)).unwrap() {
            for (row, &label) in bx.rows().into_iter().zip(&by) {
                let i = row[0] as usize / 10;
                assert_eq!(row.to_vec(), vec![row[0], row[0] + 1.0, row[0] + 2.0]);
                assert_eq!(label, i % 4, "row {i} came with another sample's label");
                assert!(!std::mem::replace(&mut seen[i], true), "row {i} twice");
            }
        }
        assert!(seen.iter().all(|&s| s));
    }
}
